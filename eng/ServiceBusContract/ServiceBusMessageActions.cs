using Azure.Messaging.ServiceBus;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Contract of the real extension's settlement API. Every member is virtual, as in the real package.</summary>
public class ServiceBusMessageActions
{
    /// <summary>For subclasses (tests and hosts); the real package has the same protected constructor.</summary>
    protected ServiceBusMessageActions()
    {
    }

    /// <summary>Completes the message.</summary>
    public virtual Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    /// <summary>Abandons the message, so that it is delivered again.</summary>
    public virtual Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    /// <summary>Moves the message to the dead-letter queue.</summary>
    public virtual Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = default, string? deadLetterReason = default, string? deadLetterErrorDescription = default, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    /// <summary>Defers the message.</summary>
    public virtual Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    /// <summary>Renews the message lock.</summary>
    public virtual Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    private static NotSupportedException Unavailable() =>
        new("This is the compile-time Service Bus contract (eng/ServiceBusContract); a host must supply the settlement implementation.");
}
