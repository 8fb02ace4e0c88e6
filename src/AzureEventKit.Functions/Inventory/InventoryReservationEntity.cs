using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Inventory;

/// <summary>
/// What one order took from stock. Its row key is the order id, so adding it a second time fails with 409: that
/// conflict is what makes a retried reservation idempotent. Release reads the quantities from here, never from the
/// order, so it gives back exactly what was taken.
/// </summary>
internal sealed class InventoryReservationEntity : ITableEntity
{
    public const string ReservedStatus = "Reserved";
    public const string ReleasedStatus = "Released";

    public string PartitionKey { get; set; } = InventoryTable.Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string OrderId { get; set; } = string.Empty;

    /// <summary>The reserved quantity per SKU, as JSON (see <see cref="ReservedQuantities"/>).</summary>
    public string QuantitiesJson { get; set; } = "{}";

    public string Status { get; set; } = ReservedStatus;

    public DateTimeOffset ReservedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }
}
