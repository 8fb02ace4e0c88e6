using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// The order as the customer asked for it: PK = order id, RK = <see cref="OrderTables.RequestRowKey"/>. Written only by the
/// Orders feature (placement inserts it, placement and the outbox sweeper set <see cref="Published"/>); the status lives in
/// the summary row, which the projector alone writes.
/// </summary>
public sealed class OrderRequestEntity : ITableEntity
{
    /// <summary>What <c>GET /api/orders/{id}</c> answers until the projector has written the summary row.</summary>
    public const string StatusBeforeSummary = "Pending";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = OrderTables.RequestRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string CustomerEmail { get; set; } = string.Empty;

    public string Currency { get; set; } = string.Empty;

    /// <summary>The lines as JSON (Tables has no nested types; one column keeps the row well under the 1 MB limit).</summary>
    public string LinesJson { get; set; } = "[]";

    public double Total { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>
    /// The outbox flag: set once OrderPlaced is on the bus. Until then the outbox sweeper republishes the order (with the
    /// same event id), and a retried POST with the same Idempotency-Key does too.
    /// </summary>
    public bool Published { get; set; }

    /// <summary>A hash of the request that created the order, to refuse reusing an Idempotency-Key for a different order.</summary>
    public string? RequestFingerprint { get; set; }

    /// <summary>
    /// A random id of the placement call that inserted the row, so that call recognises its own insert when the response
    /// was lost and the SDK's retry answers 409.
    /// </summary>
    public string? PlacementAttemptId { get; set; }
}
