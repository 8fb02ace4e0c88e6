using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Inventory;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>Unique SKUs and orders per test, so tests share one Azurite without seeing each other's stock.</summary>
internal static class TestCatalogue
{
    public static string NewSku() => "SKU-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewOrderId() => "ord-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<string> StockAsync(TableServiceClient tableService, int units)
    {
        var sku = NewSku();
        await tableService.GetTableClient(InventoryTable.Name).AddEntityAsync(
            new StockItemEntity { RowKey = InventoryTable.StockRowKey(sku), Sku = sku, Available = units });
        return sku;
    }

    public static OrderPlaced Order(string sku, int quantity, string customerId = "cust-alice", decimal unitPrice = 20m)
    {
        var lines = new[] { new OrderLine(sku, quantity, unitPrice) };
        return new OrderPlaced(NewOrderId(), customerId, "alice@example.com", lines, quantity * unitPrice, "EUR", DateTimeOffset.UtcNow);
    }
}
