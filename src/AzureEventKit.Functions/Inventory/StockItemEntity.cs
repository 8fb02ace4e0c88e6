using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Inventory;

/// <summary>How many units of one SKU are free to reserve. Every change is ETag-checked.</summary>
internal sealed class StockItemEntity : ITableEntity
{
    public string PartitionKey { get; set; } = InventoryTable.Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Sku { get; set; } = string.Empty;

    public int Available { get; set; }
}
