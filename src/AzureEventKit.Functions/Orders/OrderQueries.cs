using System.Text.RegularExpressions;
using Azure.Data.Tables;
#if (minimal)
using AzureEventKit.Functions.Fulfillment;
#else
using AzureEventKit.Functions.Projections;
#endif
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// Reads an order: its request row (this feature's), and the summary and timeline rows of the read model, in one
/// partition query because all of them live in the order's partition. Until the summary row exists (OrderPlaced not
/// yet projected, or not yet published) the answer comes from the request row alone, as Pending.
/// </summary>
public sealed partial class OrderQueries(TableServiceClient tables)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    /// <summary>Whether <paramref name="orderId"/> could be an order id at all; anything else is answered 404 without touching storage.</summary>
    public static bool IsWellFormedOrderId(string? orderId) => orderId is not null && OrderIdPattern().IsMatch(orderId);

    public async Task<OrderView?> FindAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedOrderId(orderId))
        {
            return null;
        }

        TableEntity? request = null;
        TableEntity? summary = null;
        var timeline = new List<TimelineEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {orderId}");
        await foreach (var row in orders.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == OrderTables.RequestRowKey)
            {
                request = row;
            }
            else if (row.RowKey == OrderTables.SummaryRowKey)
            {
                summary = row;
            }
#if (!minimal)
            else if (row.RowKey.StartsWith(OrderTables.TimelineRowKeyPrefix, StringComparison.Ordinal))
            {
                timeline.Add(new TimelineEntry(
                    row.GetString(nameof(OrderTimelineEntity.EventId)),
                    row.GetString(nameof(OrderTimelineEntity.EventType)),
                    row.GetDateTimeOffset(nameof(OrderTimelineEntity.At)) ?? default,
                    row.GetString(nameof(OrderTimelineEntity.Summary))));
            }
#endif
        }

        // The order's facts come from the request row, its progress from the summary; either alone is enough to answer.
        var facts = request ?? summary;
        if (facts is null)
        {
            return null;
        }

        var placedAt = facts.GetDateTimeOffset(nameof(OrderRequestEntity.PlacedAt)) ?? default;
        return new OrderView(
            orderId,
            summary?.GetString(nameof(OrderSummaryEntity.Status)) ?? OrderRequestEntity.StatusBeforeSummary,
            facts.GetString(nameof(OrderRequestEntity.CustomerId)),
            (decimal)(facts.GetDouble(nameof(OrderRequestEntity.Total)) ?? 0),
            facts.GetString(nameof(OrderRequestEntity.Currency)),
            placedAt,
            summary?.GetDateTimeOffset(nameof(OrderSummaryEntity.UpdatedAt)) ?? placedAt,
            summary?.GetString(nameof(OrderSummaryEntity.FailureReason)),
            timeline);
    }

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedOrderId(orderId))
        {
            return false;
        }

        var row = await orders.GetEntityIfExistsAsync<TableEntity>(orderId, OrderTables.RequestRowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue
            || (await orders.GetEntityIfExistsAsync<TableEntity>(orderId, OrderTables.SummaryRowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false)).HasValue;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OrderIdPattern();
}
