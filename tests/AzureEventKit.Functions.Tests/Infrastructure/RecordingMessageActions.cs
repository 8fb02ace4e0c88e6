using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST DOUBLE: the settlement calls a subscriber makes, recorded instead of sent to a broker (the real class has a
/// protected constructor for exactly this). Only the calls are faked; the functions and policy under test are real.
/// </summary>
public sealed class RecordingMessageActions : ServiceBusMessageActions
{
    private readonly ConcurrentQueue<Settlement> settlements = new();

    public IReadOnlyList<Settlement> Settlements => [.. settlements];

    /// <summary>The one settlement made; fails when there were none or several.</summary>
    public Settlement Only => Assert.Single(Settlements);

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Record(new Settlement(SettlementKind.Complete, message.MessageId, null, null));

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        Record(new Settlement(SettlementKind.Abandon, message.MessageId, null, null));

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = default, string? deadLetterReason = default, string? deadLetterErrorDescription = default, CancellationToken cancellationToken = default) =>
        Record(new Settlement(SettlementKind.DeadLetter, message.MessageId, deadLetterReason, deadLetterErrorDescription));

    public override Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        Record(new Settlement(SettlementKind.Defer, message.MessageId, null, null));

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private Task Record(Settlement settlement)
    {
        settlements.Enqueue(settlement);
        return Task.CompletedTask;
    }
}

public enum SettlementKind
{
    Complete,
    Abandon,
    DeadLetter,
    Defer,
}

public sealed record Settlement(SettlementKind Kind, string MessageId, string? DeadLetterReason, string? DeadLetterErrorDescription);
