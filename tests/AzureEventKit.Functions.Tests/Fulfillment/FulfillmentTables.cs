using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Shipping;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// Creates the saga's tables in the assembly's shared Azurite once, as <c>AddInventory</c>, <c>AddPayments</c> and
/// <c>AddShipping</c> declare them for start-up. Tests isolate themselves by their own order ids and SKUs (see <see cref="TestCatalogue"/>).
/// </summary>
internal static class FulfillmentTables
{
    private static readonly ConditionalWeakTable<TableServiceClient, Task> Created = [];

    public static Task EnsureCreatedAsync(TableServiceClient tableService) =>
        Created.GetValue(tableService, static service => CreateAsync(service));

    private static async Task CreateAsync(TableServiceClient tableService)
    {
        foreach (var table in (string[])[InventoryTable.Name, PaymentEntity.Table, ShipmentEntity.Table])
        {
            await tableService.CreateTableIfNotExistsAsync(table);
        }
    }
}
