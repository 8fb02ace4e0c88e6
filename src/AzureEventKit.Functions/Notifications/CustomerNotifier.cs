using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Notifications;

/// <summary>
/// Records exactly one customer notification per outcome event: the notification row and its ledger claim are one
/// transaction in the order's partition of the Notifications table, so a second delivery writes nothing. The recipient
/// comes from OrderPlaced, which this subscriber also receives and keeps in its own table; an outcome that arrives first
/// is recorded without a recipient and addressed when OrderPlaced lands.
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
            await AddressWaitingNotificationsAsync(placed.OrderId, cancellationToken).ConfigureAwait(false);
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

        // An outcome may come before its order's OrderPlaced (delivered later, or retried): it is recorded without a
        // recipient and addressed when OrderPlaced lands. Retrying it instead held a concurrent call while the OrderPlaced
        // it waited for queued behind it, until it was dead-lettered.
        var now = timeProvider.GetUtcNow();
        var notification = new CustomerNotificationEntity
        {
            PartitionKey = orderId,
            RowKey = received.EventId,
            Kind = kind,
            Recipient = recipient.HasValue ? recipient.Value!.Email : string.Empty,
            Subject = subject,
            Text = text,
            CreatedAt = now,
        };
        var applied = await ProcessedEventLedger.TryApplyOnceAsync(
            notifications, orderId, ConsumerName, received.EventId, now,
            [new TableTransactionAction(TableTransactionActionType.Add, notification)],
            cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            Logs.DuplicateEventSkipped(logger, received.EventId, ConsumerName);
            return;
        }

        if (!recipient.HasValue)
        {
            // Each side writes first and reads the other second, in one partition: either this sees the recipient
            // OrderPlaced wrote meanwhile, or OrderPlaced's pass sees this notification.
            await AddressWaitingNotificationsAsync(orderId, cancellationToken).ConfigureAwait(false);
        }

        Logs.CustomerNotified(logger, orderId, kind);
    }

    /// <summary>Gives the order's notifications recorded before its recipient was known that recipient, when it is known now.</summary>
    private async Task AddressWaitingNotificationsAsync(string orderId, CancellationToken cancellationToken)
    {
        var recipient = await notifications.GetEntityIfExistsAsync<NotificationRecipientEntity>(orderId, OrderTables.RecipientRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!recipient.HasValue)
        {
            return;
        }

        await foreach (var row in notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.ContainsKey(nameof(CustomerNotificationEntity.Kind)) && string.IsNullOrEmpty(row.GetString(nameof(CustomerNotificationEntity.Recipient))))
            {
                // The same value whoever writes it, so no ETag check is needed.
                var addressed = new TableEntity(orderId, row.RowKey) { [nameof(CustomerNotificationEntity.Recipient)] = recipient.Value!.Email };
                await notifications.UpdateEntityAsync(addressed, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
