using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Catalog;

/// <summary>Puts the configured products into the Catalog table, adding only the SKU and currency rows that are missing.</summary>
public sealed class CatalogSeeder(TableServiceClient tableService, IOptions<CatalogOptions> options, ILogger<CatalogSeeder> logger)
{
    /// <summary>Adds a row per missing SKU and currency. Existing rows keep their price and state, so a restart never reprices.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var table = tableService.GetTableClient(CatalogTable.Name);
        foreach (var (sku, item) in options.Value.Seed)
        {
            foreach (var (currency, price) in item.Prices)
            {
                try
                {
                    await table.AddEntityAsync(
                        new CatalogItemEntity
                        {
                            PartitionKey = sku,
                            RowKey = currency,
                            Sku = sku,
                            Name = item.Name ?? sku,
                            UnitPrice = price.ToString(CultureInfo.InvariantCulture),
                            Currency = currency,
                        },
                        cancellationToken).ConfigureAwait(false);
                    CatalogLogs.Seeded(logger, sku, price, currency);
                }
                catch (RequestFailedException exists) when (exists.Status == (int)HttpStatusCode.Conflict)
                {
                    // Already in the catalogue: the live price wins over the seed.
                }
            }
        }
    }
}
