using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// The <see cref="ServiceBusMessageActions"/> a function receives: each call settles the real received message on the
/// processor or receiver that delivered it, and is remembered so the host does not settle the message a second time.
/// </summary>
internal sealed class KitServiceBusMessageActions : ServiceBusMessageActions
{
    private readonly IMessageSettlement settlement;
    private readonly ConcurrentDictionary<string, byte> settled = new(StringComparer.Ordinal);

    public KitServiceBusMessageActions(IMessageSettlement settlement) => this.settlement = settlement;

    public bool IsSettled(ServiceBusReceivedMessage message) => settled.ContainsKey(message.LockToken);

    public override async Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        await settlement.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
        settled[message.LockToken] = 0;
    }

    public override async Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        await settlement.AbandonAsync(message, propertiesToModify, cancellationToken).ConfigureAwait(false);
        settled[message.LockToken] = 0;
    }

    public override async Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = null, string? deadLetterReason = null, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        await settlement.DeadLetterAsync(message, propertiesToModify, deadLetterReason, deadLetterErrorDescription, cancellationToken).ConfigureAwait(false);
        settled[message.LockToken] = 0;
    }

    public override async Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        await settlement.DeferAsync(message, propertiesToModify, cancellationToken).ConfigureAwait(false);
        settled[message.LockToken] = 0;
    }

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        settlement.RenewLockAsync(message, cancellationToken);
}

/// <summary>The <see cref="ServiceBusSessionMessageActions"/> a session-enabled function receives, acting on the real session.</summary>
internal sealed class KitServiceBusSessionMessageActions : ServiceBusSessionMessageActions
{
    private readonly ProcessSessionMessageEventArgs args;

    public KitServiceBusSessionMessageActions(ProcessSessionMessageEventArgs args)
    {
        this.args = args;
        SessionLockedUntil = args.SessionLockedUntil;
    }

    public override Task<BinaryData> GetSessionStateAsync(CancellationToken cancellationToken = default) => args.GetSessionStateAsync(cancellationToken);

    public override Task SetSessionStateAsync(BinaryData sessionState, CancellationToken cancellationToken = default) => args.SetSessionStateAsync(sessionState, cancellationToken);

    public override void ReleaseSession() => args.ReleaseSession();

    public override async Task RenewSessionLockAsync(CancellationToken cancellationToken = default)
    {
        await args.RenewSessionLockAsync(cancellationToken).ConfigureAwait(false);
        SessionLockedUntil = args.SessionLockedUntil;
    }
}
