using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// Receives EventTypeName events on its own subscription, topic-name/subscriber-name, whose correlation filter
/// (Label = <see cref="EventTypeName.EventType"/>, in infra/servicebus.topology.json) lets nothing else through.
/// Settlement is the shared <see cref="MessageSettlement"/> policy; the effect is applied once per event id through
/// <see cref="ProcessedEventLedger"/>, in the same table transaction as the ledger row.
/// </summary>
public sealed class SubscriberNameSubscriber(MessageSettlement settlement, TableServiceClient tableService, TimeProvider timeProvider)
{
    public const string Topic = "topic-name";

    public const string Subscription = "subscriber-name";

    /// <summary>PK = order id. RK = <see cref="EffectRowKey"/>, or <c>ledger|…</c>.</summary>
    public const string TableName = "SubscriberName";

    public const string EffectRowKey = "subscriber-name";

    [Function(nameof(SubscriberNameSubscriber))]
    public Task RunAsync(
        [ServiceBusTrigger(Topic, Subscription, Connection = "ServiceBus", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(Subscription, message, messageActions, HandleAsync, cancellationToken);

    private async Task HandleAsync(ReceivedOrderEvent received, CancellationToken cancellationToken)
    {
        if (received.Data is not EventTypeName data)
        {
            throw new PermanentMessageException(
                DeadLetterReason.ValidationFailed,
                $"{Subscription} handles {EventTypeName.EventType} only; its subscription filter let {received.EventType} through.");
        }

        // TODO: replace this row with the subscriber's real effect; keep it in the same transaction as the ledger row.
        var now = timeProvider.GetUtcNow();
        var effect = new TableEntity(data.OrderId, EffectRowKey)
        {
            ["EventId"] = received.EventId,
            ["EventType"] = received.EventType,
            ["EventTime"] = received.Time,
            ["HandledAt"] = now,
        };
        var table = tableService.GetTableClient(TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        await ProcessedEventLedger.TryApplyOnceAsync(
            table, data.OrderId, Subscription, received.EventId, now,
            [new TableTransactionAction(TableTransactionActionType.Add, effect)], cancellationToken);
    }
}
