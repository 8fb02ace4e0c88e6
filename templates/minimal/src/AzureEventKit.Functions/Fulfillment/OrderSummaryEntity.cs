using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// The order's progress: PK = order id, RK = <see cref="OrderTables.SummaryRowKey"/>. Its one writer is the workflow
/// (<see cref="OrderCompletion"/>); placement writes only the request row, and <c>GET</c> reads both.
/// </summary>
public sealed class OrderSummaryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = OrderTables.SummaryRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = nameof(OrderStatus.Pending);

    public string? FailureReason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
