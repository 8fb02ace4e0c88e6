using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Projections;

/// <summary>
/// Maintains the order read model, and is the only writer of its rows: one timeline row per event and the order's
/// summary row (created from OrderPlaced, status moved forward by later events). Each event is one table
/// transaction (ledger claim + timeline row + ETag-checked status update) in the order's partition, so a duplicate
/// changes nothing, a concurrent writer forces a re-read instead of a lost update, and status never moves backwards.
/// </summary>
public sealed class OrderTimelineProjector(TableServiceClient tables, TimeProvider timeProvider, ILogger<OrderTimelineProjector> logger)
{
    public const string ConsumerName = "projections";
    private const int MaxConcurrencyAttempts = 5;

    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    public async Task ProjectAsync(ReceivedOrderEvent received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        var orderId = received.Data.OrderId;
        for (var attempt = 1; ; attempt++)
        {
            var existing = await orders.GetEntityIfExistsAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue && received.Data is not OrderPlaced)
            {
                // The projector creates the summary from OrderPlaced, which precedes every other event of the order on the
                // bus but may be delivered later: retry until it has been projected.
                throw new InvalidOperationException($"Order {orderId} has no summary row yet; {received.EventType} will be retried.");
            }

            var summary = existing.HasValue ? existing.Value! : NewSummary((OrderPlaced)received.Data);
            var status = Advance(summary, received);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new OrderTimelineEntity
                {
                    PartitionKey = orderId,
                    RowKey = OrderTimelineEntity.RowKeyFor(received.Time, received.EventId),
                    EventId = received.EventId,
                    EventType = received.EventType,
                    At = received.Time,
                    Summary = Describe(received.Data),
                }),
                existing.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, summary, summary.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, summary),
            };

            try
            {
                if (await ProcessedEventLedger.TryApplyOnceAsync(orders, orderId, ConsumerName, received.EventId, timeProvider.GetUtcNow(), actions, cancellationToken).ConfigureAwait(false))
                {
                    Logs.Projected(logger, received.EventType, orderId, status);
                }
                else
                {
                    Logs.DuplicateEventSkipped(logger, received.EventId, ConsumerName);
                }

                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 412 or 409 && attempt < MaxConcurrencyAttempts)
            {
                // Another event for the same order won the race; re-read and apply on top of it.
            }
        }
    }

    private OrderSummaryEntity NewSummary(OrderPlaced placed) => new()
    {
        PartitionKey = placed.OrderId,
        CustomerId = placed.CustomerId,
        Currency = placed.Currency,
        Total = (double)placed.Total,
        PlacedAt = placed.PlacedAt,
        UpdatedAt = timeProvider.GetUtcNow(),
    };

    private string Advance(OrderSummaryEntity summary, ReceivedOrderEvent received)
    {
        var current = Enum.Parse<OrderStatus>(summary.Status);
        var next = StatusAfter(received.Data);
        var isFinal = current is OrderStatus.Completed or OrderStatus.Failed;
        if (!isFinal && next > current)
        {
            summary.Status = next.ToString();
            if (received.Data is OrderFailed failed)
            {
                summary.FailureReason = failed.Reason.ToString();
            }
        }

        summary.UpdatedAt = timeProvider.GetUtcNow();
        return summary.Status;
    }

    private static OrderStatus StatusAfter(IOrderEvent orderEvent) => orderEvent switch
    {
        InventoryReserved => OrderStatus.InventoryReserved,
        PaymentAuthorized => OrderStatus.PaymentAuthorized,
        ShipmentCreated => OrderStatus.Shipped,
        OrderCompleted => OrderStatus.Completed,
        OrderFailed => OrderStatus.Failed,
        OrderNeedsAttention => OrderStatus.NeedsAttention,
        _ => OrderStatus.Pending,
    };

    private static string Describe(IOrderEvent orderEvent) => orderEvent switch
    {
        OrderPlaced placed => string.Create(CultureInfo.InvariantCulture, $"Order placed: {placed.Lines.Count} line(s), {placed.Total:0.00} {placed.Currency}."),
        InventoryReserved reserved => string.Create(CultureInfo.InvariantCulture, $"Inventory reserved for {reserved.Lines.Sum(line => line.Quantity)} unit(s)."),
        PaymentAuthorized payment => string.Create(CultureInfo.InvariantCulture, $"Payment {payment.PaymentId} authorized: {payment.Amount:0.00} {payment.Currency}."),
        PaymentConfirmed confirmed => $"Payment {confirmed.PaymentId} {(confirmed.Approved ? "approved" : "declined")} by the payment provider.",
        ShipmentCreated shipment => $"Shipment {shipment.ShipmentId} created, tracking {shipment.TrackingNumber}.",
        OrderCompleted => "Order completed.",
        OrderNeedsAttention => "Order booked for shipping; finishing it is delayed and our team is on it.",
        // The reason's fixed text, not the event's Detail: an older producer may have put an exception message there.
        OrderFailed failed => $"Order failed ({failed.Reason}): {failed.Reason.CustomerMessage()}",
        _ => orderEvent.GetType().Name,
    };
}
