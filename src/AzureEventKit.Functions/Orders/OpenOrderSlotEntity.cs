using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// One of a customer's open-order places: PK = a hash of the customer id, RK = the place's number. Adding a row is the
/// claim, so two placements racing for the last place cannot both get it (the loser's insert fails with 409).
/// </summary>
internal sealed class OpenOrderSlotEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The order holding this place.</summary>
    public string OrderId { get; set; } = string.Empty;

    public DateTimeOffset ClaimedAt { get; set; }
}
