using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Notifications;

/// <summary>
/// Records exactly one customer notification per outcome event: the notification row and its ledger claim are one
/// transaction in the order's partition of the Notifications table, so a second delivery writes nothing.
/// </summary>
public sealed class CustomerNotifier(TableServiceClient tables, TimeProvider timeProvider, ILogger<CustomerNotifier> logger)
{
    public const string ConsumerName = "notifications";

    private readonly TableClient notifications = tables.GetTableClient(OrderTables.Notifications);
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    public async Task NotifyAsync(ReceivedOrderEvent received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        var (kind, subject, text) = received.Data switch
        {
            OrderCompleted completed => ("completed", "Your order is on its way", $"Order {completed.OrderId} has shipped (shipment {completed.ShipmentId})."),
            OrderFailed failed => ("failed", "We could not complete your order", $"Order {failed.OrderId} could not be completed: {failed.Reason.CustomerMessage()}"),
            _ => throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"Notifications only handle order outcomes, not {received.EventType}."),
        };

        var orderId = received.Data.OrderId;
        var order = await orders.GetEntityIfExistsAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, [nameof(OrderEntity.CustomerEmail)], cancellationToken).ConfigureAwait(false);
        if (!order.HasValue)
        {
            throw new InvalidOperationException($"Order {orderId} is unknown to the read side yet; the notification will be retried.");
        }

        var now = timeProvider.GetUtcNow();
        var notification = new CustomerNotificationEntity
        {
            PartitionKey = orderId,
            RowKey = received.EventId,
            Kind = kind,
            Recipient = order.Value!.CustomerEmail,
            Subject = subject,
            Text = text,
            CreatedAt = now,
        };
        var applied = await ProcessedEventLedger.TryApplyOnceAsync(
            notifications, orderId, ConsumerName, received.EventId, now,
            [new TableTransactionAction(TableTransactionActionType.Add, notification)],
            cancellationToken).ConfigureAwait(false);
        if (applied)
        {
            Logs.CustomerNotified(logger, orderId, kind);
        }
        else
        {
            Logs.DuplicateEventSkipped(logger, received.EventId, ConsumerName);
        }
    }
}
