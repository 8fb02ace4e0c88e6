using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Catalog;

/// <summary>The price of one SKU in one currency. PK = SKU, RK = currency (ISO 4217, capitals).</summary>
internal sealed class CatalogItemEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Sku { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The price of one unit, invariant-culture text: Tables has no decimal type, and a double would round money.</summary>
    public string UnitPrice { get; set; } = "0";

    public string Currency { get; set; } = string.Empty;

    /// <summary>False withdraws the SKU from sale in this currency without deleting its history.</summary>
    public bool Active { get; set; } = true;
}
