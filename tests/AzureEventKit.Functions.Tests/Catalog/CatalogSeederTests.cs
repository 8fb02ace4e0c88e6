using AzureEventKit.Functions.Catalog;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Catalog;

/// <summary>The seed fills in missing products and never reprices one that is already in the catalogue. Against Azurite.</summary>
public sealed class CatalogSeederTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedAsync_NewSku_IsSoldAtTheSeededPriceInEachCurrency()
    {
        var sku = NewSku();

        await SeederFor(sku, 4.20m).SeedAsync(Cancellation);

        var prices = new CataloguePrices(azurite.TableService);
        var eur = Assert.Single(await prices.QuoteAsync([sku], "EUR", Cancellation));
        Assert.Equal(CatalogueQuoteStatus.Priced, eur.Status);
        Assert.Equal(4.20m, eur.UnitPrice);
        Assert.Equal("Seeded " + sku, eur.Name);
        Assert.Equal(CatalogueQuoteStatus.NotPricedInCurrency, Assert.Single(await prices.QuoteAsync([sku], "GBP", Cancellation)).Status);
    }

    [Fact]
    public async Task SeedAsync_SkuAlreadyInCatalogue_KeepsItsLivePrice()
    {
        var sku = NewSku();
        await azurite.TableService.GetTableClient(CatalogTable.Name).AddEntityAsync(TestPrices.Row(sku, "EUR", 7.77m), Cancellation);

        await SeederFor(sku, 1m).SeedAsync(Cancellation);

        Assert.Equal(7.77m, Assert.Single(await new CataloguePrices(azurite.TableService).QuoteAsync([sku], "EUR", Cancellation)).UnitPrice);
    }

    private static string NewSku() => "SEED-" + Guid.NewGuid().ToString("N")[..12];

    private CatalogSeeder SeederFor(string sku, decimal eur) => new(
        azurite.TableService,
        Options.Create(new CatalogOptions { Seed = { [sku] = new CatalogSeedItem { Name = "Seeded " + sku, Prices = { ["EUR"] = eur } } } }),
        NullLogger<CatalogSeeder>.Instance);
}
