namespace AzureEventKit.Functions.Inventory;

/// <summary>
/// The layout of the Inventory table. Stock rows and reservation rows share ONE partition on purpose: an Azure table
/// transaction may only touch one partition, and reserving an order must decrement every SKU and record the
/// reservation atomically. The price is a single partition's throughput (about 2,000 entities per second), which is
/// ample for this sample; a real catalogue would partition by warehouse and reserve per warehouse.
/// </summary>
internal static class InventoryTable
{
    public const string Name = "Inventory";

    public const string Partition = "warehouse-main";

    /// <summary>
    /// Azure rejects a transaction of more than 100 operations. A reservation updates one row per distinct SKU and
    /// adds one reservation row, so an order may hold at most 99 distinct SKUs.
    /// </summary>
    public const int MaxSkusPerOrder = 99;

    public static string StockRowKey(string sku) => "stock:" + sku;

    public static string ReservationRowKey(string orderId) => "reservation:" + orderId;
}
