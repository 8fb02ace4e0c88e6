using Azure.Messaging.ServiceBus;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>Settles a received message on whatever received it: a processor's event args or a receiver.</summary>
internal interface IMessageSettlement
{
    Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    Task AbandonAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken);

    Task DeadLetterAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify, string? reason, string? description, CancellationToken cancellationToken);

    Task DeferAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken);

    Task RenewLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>Settlement through <see cref="ProcessMessageEventArgs"/>, so the processor knows the message is settled.</summary>
internal sealed class ProcessorSettlement(ProcessMessageEventArgs args) : IMessageSettlement
{
    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => args.CompleteMessageAsync(message, cancellationToken);

    public Task AbandonAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        args.AbandonMessageAsync(message, propertiesToModify, cancellationToken);

    public Task DeadLetterAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify, string? reason, string? description, CancellationToken cancellationToken) =>
        reason is null && description is null
            ? args.DeadLetterMessageAsync(message, propertiesToModify, cancellationToken)
            : args.DeadLetterMessageAsync(message, propertiesToModify ?? [], reason!, description, cancellationToken);

    public Task DeferAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        args.DeferMessageAsync(message, propertiesToModify, cancellationToken);

    public Task RenewLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => args.RenewMessageLockAsync(message, cancellationToken);
}

/// <summary>Settlement through <see cref="ProcessSessionMessageEventArgs"/>.</summary>
internal sealed class SessionProcessorSettlement(ProcessSessionMessageEventArgs args) : IMessageSettlement
{
    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => args.CompleteMessageAsync(message, cancellationToken);

    public Task AbandonAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        args.AbandonMessageAsync(message, propertiesToModify, cancellationToken);

    public Task DeadLetterAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify, string? reason, string? description, CancellationToken cancellationToken) =>
        reason is null && description is null
            ? args.DeadLetterMessageAsync(message, propertiesToModify, cancellationToken)
            : args.DeadLetterMessageAsync(message, propertiesToModify ?? [], reason!, description, cancellationToken);

    public Task DeferAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        args.DeferMessageAsync(message, propertiesToModify, cancellationToken);

    public Task RenewLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Session messages are locked by the session; renew the session lock instead.");
}

/// <summary>Settlement through a <see cref="ServiceBusReceiver"/> (batched triggers).</summary>
internal sealed class ReceiverSettlement(ServiceBusReceiver receiver) : IMessageSettlement
{
    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => receiver.CompleteMessageAsync(message, cancellationToken);

    public Task AbandonAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        receiver.AbandonMessageAsync(message, propertiesToModify, cancellationToken);

    public Task DeadLetterAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify, string? reason, string? description, CancellationToken cancellationToken) =>
        reason is null && description is null
            ? receiver.DeadLetterMessageAsync(message, propertiesToModify, cancellationToken)
            : receiver.DeadLetterMessageAsync(message, propertiesToModify ?? [], reason!, description, cancellationToken);

    public Task DeferAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, CancellationToken cancellationToken) =>
        receiver.DeferMessageAsync(message, propertiesToModify, cancellationToken);

    public Task RenewLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => receiver.RenewMessageLockAsync(message, cancellationToken);
}
