using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// Subscription <c>topic-name/subscriber-name</c>: its correlation filter (Label = <see cref="EventTypeName.EventType"/>, in
/// infra/servicebus.topology.json) delivers EventTypeName events only. Settlement is the app's shared
/// <see cref="MessageSettlement"/> policy; the work is <see cref="SubscriberNameHandler"/>.
/// </summary>
public sealed class SubscriberNameSubscriber(
    MessageSettlement settlement,
    TableServiceClient tables,
    TimeProvider timeProvider,
    ILogger<SubscriberNameHandler> logger)
{
    public const string Topic = "topic-name";

    public const string Subscription = "subscriber-name";

    private readonly SubscriberNameHandler handler = new(tables, timeProvider, logger);

    [Function(nameof(SubscriberNameSubscriber))]
    public Task Run(
        [ServiceBusTrigger(Topic, Subscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(Subscription, message, actions, handler.HandleAsync, cancellationToken);
}

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

internal static partial class SubscriberNameLogs
{
    [LoggerMessage(LogLevel.Information, "subscriber-name handled {EventType} for order {OrderId}")]
    public static partial void Handled(ILogger logger, string eventType, string orderId);

    [LoggerMessage(LogLevel.Information, "subscriber-name already handled event {EventId}; skipping")]
    public static partial void DuplicateSkipped(ILogger logger, string eventId);
}
