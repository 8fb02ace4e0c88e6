using System.Text.RegularExpressions;
using Azure.Data.Tables;
#if (!minimal)
using AzureEventKit.Functions.Projections;
#endif
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Orders;

/// <summary>Reads an order and its timeline: one partition query, because both live in the order's partition.</summary>
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

        TableEntity? summary = null;
        var timeline = new List<TimelineEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {orderId}");
        await foreach (var row in orders.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == OrderTables.SummaryRowKey)
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

        return summary is null
            ? null
            : new OrderView(
                orderId,
                summary.GetString(nameof(OrderEntity.Status)),
                summary.GetString(nameof(OrderEntity.CustomerId)),
                (decimal)(summary.GetDouble(nameof(OrderEntity.Total)) ?? 0),
                summary.GetString(nameof(OrderEntity.Currency)),
                summary.GetDateTimeOffset(nameof(OrderEntity.PlacedAt)) ?? default,
                summary.GetDateTimeOffset(nameof(OrderEntity.UpdatedAt)) ?? default,
                summary.GetString(nameof(OrderEntity.FailureReason)),
                timeline);
    }

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedOrderId(orderId))
        {
            return false;
        }

        var row = await orders.GetEntityIfExistsAsync<TableEntity>(orderId, OrderTables.SummaryRowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OrderIdPattern();
}
