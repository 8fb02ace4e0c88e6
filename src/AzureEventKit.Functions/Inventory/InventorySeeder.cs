using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Inventory;

/// <summary>Puts the configured catalogue into the Inventory table, adding only SKUs that are missing.</summary>
public sealed class InventorySeeder(TableServiceClient tableService, IOptions<InventoryOptions> options)
{
    /// <summary>Adds a stock row per missing SKU. Existing rows keep their quantity, so a restart never refills stock.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var table = tableService.GetTableClient(InventoryTable.Name);
        foreach (var (sku, units) in options.Value.SeedStock)
        {
            try
            {
                await table.AddEntityAsync(new StockItemEntity { RowKey = InventoryTable.StockRowKey(sku), Sku = sku, Available = units }, cancellationToken);
            }
            catch (RequestFailedException exists) when (exists.Status == (int)HttpStatusCode.Conflict)
            {
                // Already stocked: live quantities win over the seed.
            }
        }
    }
}
