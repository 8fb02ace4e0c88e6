using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Shipping;

/// <summary>The shipment of one order (Shipments table, partition = order id, one row), so an order ships at most once.</summary>
internal sealed class ShipmentEntity : ITableEntity
{
    public const string Table = "Shipments";
    public const string Row = "shipment";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ShipmentId { get; set; } = string.Empty;

    public string TrackingNumber { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
