using Azure.Data.Tables;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// What subscriber-name does with each EventTypeName, exactly once per event id: its effect row and its ledger claim are one
/// transaction in the order's partition of the <see cref="TableName"/> table, so a redelivery writes nothing.
/// </summary>
public sealed class SubscriberNameHandler(TableServiceClient tables, TimeProvider timeProvider, ILogger<SubscriberNameHandler> logger)
{
    /// <summary>PK = order id. RK = the event id (this subscriber's effect), or <c>ledger|…</c>.</summary>
    public const string TableName = "SubscriberName";

    private readonly TableClient table = tables.GetTableClient(TableName);

    public async Task HandleAsync(ReceivedOrderEvent received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Data is not EventTypeName)
        {
            // The subscription filter lets only EventTypeName through; anything else is a topology mistake, not a retry.
            throw new PermanentMessageException(
                DeadLetterReason.ValidationFailed, $"{SubscriberNameSubscriber.Subscription} handles {EventTypeName.EventType} only, not {received.EventType}.");
        }

        // Created on first use; add the table to OrderTables.All instead to create it at start-up.
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

        // YOUR EFFECT: this row stands for it. Keep every write in this transaction, in the order's partition.
        var orderId = received.Data.OrderId;
        var now = timeProvider.GetUtcNow();
        var effect = new TableEntity(orderId, received.EventId)
        {
            ["EventType"] = received.EventType,
            ["EventTime"] = received.Time,
            ["HandledAt"] = now,
        };
        var applied = await ProcessedEventLedger.TryApplyOnceAsync(
            table, orderId, SubscriberNameSubscriber.Subscription, received.EventId, now,
            [new TableTransactionAction(TableTransactionActionType.Add, effect)],
            cancellationToken).ConfigureAwait(false);
        if (applied)
        {
            SubscriberNameLogs.Handled(logger, received.EventType, orderId);
        }
        else
        {
            SubscriberNameLogs.DuplicateSkipped(logger, received.EventId);
        }
    }
}
