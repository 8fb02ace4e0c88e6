using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Projections;

/// <summary>
/// The order's read-model summary: PK = order id, RK = <see cref="OrderTables.SummaryRowKey"/>. Its one writer is
/// <see cref="OrderTimelineProjector"/>, which creates it from OrderPlaced and moves its status forward.
/// </summary>
public sealed class OrderSummaryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = OrderTables.SummaryRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string Currency { get; set; } = string.Empty;

    public double Total { get; set; }

    public string Status { get; set; } = nameof(OrderStatus.Pending);

    public string? FailureReason { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
