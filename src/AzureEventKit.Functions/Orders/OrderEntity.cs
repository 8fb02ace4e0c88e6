using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Orders;

/// <summary>The order summary row: PK = order id, RK = <see cref="OrderTables.SummaryRowKey"/>.</summary>
public sealed class OrderEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = OrderTables.SummaryRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string CustomerEmail { get; set; } = string.Empty;

    public string Currency { get; set; } = string.Empty;

    /// <summary>The lines as JSON (Tables has no nested types; one column keeps the row well under the 1 MB limit).</summary>
    public string LinesJson { get; set; } = "[]";

    public double Total { get; set; }

    public string Status { get; set; } = nameof(OrderStatus.Pending);

    public string? FailureReason { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set once OrderPlaced is on the bus; a retried POST with the same Idempotency-Key republishes until it is.</summary>
    public bool Published { get; set; }

    /// <summary>A hash of the request that created the order, to refuse reusing an Idempotency-Key for a different order.</summary>
    public string? RequestFingerprint { get; set; }
}
