using System.Globalization;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// The catalogue every test of the orders API prices from, written once into the shared Azurite as the Catalog feature
/// stores it (PK = SKU, RK = currency). Tests that need other prices add their own SKUs.
/// </summary>
public static class TestPrices
{
    public const string Table = AzureEventKit.Functions.Catalog.CatalogTable.Name;

    public const string Beans = "sku-beans";
    public const decimal BeansEur = 12.50m;

    /// <summary>Priced in two currencies.</summary>
    public const string Mug = "sku-mug";
    public const decimal MugEur = 9.99m;
    public const decimal MugUsd = 11.00m;

    /// <summary>In the catalogue, but withdrawn from sale.</summary>
    public const string Retired = "sku-retired";

    public static async Task SeedAsync(TableServiceClient tableService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        var table = tableService.GetTableClient(Table);
        await table.CreateIfNotExistsAsync(cancellationToken);
        foreach (var (sku, currency, price, active) in new[] { (Beans, "EUR", BeansEur, true), (Mug, "EUR", MugEur, true), (Mug, "USD", MugUsd, true), (Retired, "EUR", 5m, false) })
        {
            await table.UpsertEntityAsync(Row(sku, currency, price, active), TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>A catalogue row in the table's stored shape.</summary>
    public static TableEntity Row(string sku, string currency, decimal unitPrice, bool active = true) => new(sku, currency)
    {
        ["Sku"] = sku,
        ["Name"] = "Test " + sku,
        ["UnitPrice"] = unitPrice.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = currency,
        ["Active"] = active,
    };
}
