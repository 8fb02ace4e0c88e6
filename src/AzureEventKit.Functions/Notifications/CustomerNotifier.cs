using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Notifications;

/// <summary>
/// Records exactly one customer notification per outcome event: the notification row and its ledger claim are one
/// transaction in the order's partition of the Notifications table, so a second delivery writes nothing. The recipient
/// comes from OrderPlaced, which this subscriber also receives and keeps in its own table.
/// </summary>
public sealed class CustomerNotifier(TableServiceClient tables, TimeProvider timeProvider, ILogger<CustomerNotifier> logger)
{
    public const string ConsumerName = "notifications";

    private readonly TableClient notifications = tables.GetTableClient(OrderTables.Notifications);

    public async Task NotifyAsync(ReceivedOrderEvent received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Data is OrderPlaced placed)
        {
            // Same content on every delivery, and this feature is the row's only writer: an upsert is idempotent.
            await notifications.UpsertEntityAsync(
                new NotificationRecipientEntity { PartitionKey = placed.OrderId, Email = placed.CustomerEmail },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var (kind, subject, text) = received.Data switch
        {
            OrderCompleted completed => ("completed", "Your order is on its way", $"Order {completed.OrderId} has shipped (shipment {completed.ShipmentId})."),
            OrderFailed failed => ("failed", "We could not complete your order", $"Order {failed.OrderId} could not be completed: {failed.Reason.CustomerMessage()}"),
            _ => throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"Notifications only handle OrderPlaced and the order outcomes, not {received.EventType}."),
        };

        var orderId = received.Data.OrderId;
        var recipient = await notifications.GetEntityIfExistsAsync<NotificationRecipientEntity>(orderId, OrderTables.RecipientRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!recipient.HasValue)
        {
            throw new InvalidOperationException($"The OrderPlaced of order {orderId} has not reached notifications yet; the notification will be retried.");
        }

        var now = timeProvider.GetUtcNow();
        var notification = new CustomerNotificationEntity
        {
            PartitionKey = orderId,
            RowKey = received.EventId,
            Kind = kind,
            Recipient = recipient.Value!.Email,
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
