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
/// Events may arrive in any order: one that comes before its order's OrderPlaced writes its timeline row only, and the
/// summary catches up with the timeline when it exists.
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
            var timelineRow = TimelineRow(received);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, timelineRow) };
            OrderSummaryEntity? summary = null;
            if (existing.HasValue)
            {
                summary = existing.Value!;
                Advance(summary, timelineRow);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, summary, summary.ETag));
            }
            else if (received.Data is OrderPlaced placed)
            {
                summary = NewSummary(placed);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, summary));
            }

            // Otherwise the event came before its order's OrderPlaced (published first, but delivered or retried later):
            // only its timeline row is written, and the summary catches up with it below or when OrderPlaced lands.
            // Retrying it instead held a concurrent call while the OrderPlaced it waited for queued behind it.
            try
            {
                if (!await ProcessedEventLedger.TryApplyOnceAsync(orders, orderId, ConsumerName, received.EventId, timeProvider.GetUtcNow(), actions, cancellationToken).ConfigureAwait(false))
                {
                    Logs.DuplicateEventSkipped(logger, received.EventId, ConsumerName);
                    return;
                }
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 412 or 409 && attempt < MaxConcurrencyAttempts)
            {
                // Another event for the same order won the race; re-read and apply on top of it.
                continue;
            }

            // Each side writes first and reads the other second, in one partition: either the early event sees the
            // summary OrderPlaced created, or OrderPlaced's catch-up sees the early event's row.
            if (!existing.HasValue)
            {
                await CatchUpAsync(orderId, cancellationToken).ConfigureAwait(false);
            }

            Logs.Projected(logger, received.EventType, orderId, summary?.Status ?? nameof(OrderStatus.Pending));
            return;
        }
    }

    /// <summary>Moves the summary (when there is one) as far as the order's timeline rows say, ETag-checked.</summary>
    private async Task CatchUpAsync(string orderId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await orders.GetEntityIfExistsAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                return;
            }

            var summary = existing.Value!;
            var before = (summary.Status, summary.FailureReason);
            // One order's partition is a few dozen rows; the timeline rows among them sort by event time.
            await foreach (var row in orders.QueryAsync<OrderTimelineEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey.StartsWith(OrderTables.TimelineRowKeyPrefix, StringComparison.Ordinal))
                {
                    Advance(summary, row);
                }
            }

            if ((summary.Status, summary.FailureReason) == before)
            {
                return;
            }

            try
            {
                summary.UpdatedAt = timeProvider.GetUtcNow();
                await orders.UpdateEntityAsync(summary, summary.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException exception) when (exception.Status == 412 && attempt < MaxConcurrencyAttempts)
            {
                // Another event moved the summary meanwhile; read it again.
            }
        }
    }

    private static OrderTimelineEntity TimelineRow(ReceivedOrderEvent received) => new()
    {
        PartitionKey = received.Data.OrderId,
        RowKey = OrderTimelineEntity.RowKeyFor(received.Time, received.EventId),
        EventId = received.EventId,
        EventType = received.EventType,
        At = received.Time,
        Summary = Describe(received.Data),
        FailureReason = (received.Data as OrderFailed)?.Reason.ToString(),
    };

    private OrderSummaryEntity NewSummary(OrderPlaced placed) => new()
    {
        PartitionKey = placed.OrderId,
        CustomerId = placed.CustomerId,
        Currency = placed.Currency,
        Total = (double)placed.Total,
        PlacedAt = placed.PlacedAt,
        UpdatedAt = timeProvider.GetUtcNow(),
    };

    /// <summary>Moves <paramref name="summary"/> forward to the status <paramref name="row"/>'s event leads to, never backwards and never out of Completed or Failed.</summary>
    private void Advance(OrderSummaryEntity summary, OrderTimelineEntity row)
    {
        var current = Enum.Parse<OrderStatus>(summary.Status);
        var next = StatusAfter(row.EventType);
        var isFinal = current is OrderStatus.Completed or OrderStatus.Failed;
        if (!isFinal && next > current)
        {
            summary.Status = next.ToString();
            if (next == OrderStatus.Failed)
            {
                summary.FailureReason = row.FailureReason;
            }
        }

        summary.UpdatedAt = timeProvider.GetUtcNow();
    }

    private static OrderStatus StatusAfter(string eventType) => eventType switch
    {
        InventoryReserved.EventType => OrderStatus.InventoryReserved,
        PaymentAuthorized.EventType => OrderStatus.PaymentAuthorized,
        ShipmentCreated.EventType => OrderStatus.Shipped,
        OrderCompleted.EventType => OrderStatus.Completed,
        OrderFailed.EventType => OrderStatus.Failed,
        OrderNeedsAttention.EventType => OrderStatus.NeedsAttention,
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
