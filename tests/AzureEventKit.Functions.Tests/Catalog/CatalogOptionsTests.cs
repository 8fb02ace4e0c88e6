using AzureEventKit.Functions.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Catalog;

public sealed class CatalogOptionsTests
{
    [Fact]
    public void AddCatalog_NoSettings_SeedsNothing()
    {
        // In Azure nothing configures a seed, and a deployed app must not invent prices at every start.
        Assert.Empty(Resolve([]).Seed);
    }

    [Fact]
    public void AddCatalog_SeedConfigured_SeedsExactlyThatNameAndPrices()
    {
        var options = Resolve(new()
        {
            ["Catalog:Seed:SKU-1:Name"] = "Mug",
            ["Catalog:Seed:SKU-1:Prices:EUR"] = "9.50",
            ["Catalog:Seed:SKU-1:Prices:USD"] = "10.25",
        });

        var item = Assert.Single(options.Seed);
        Assert.Equal("SKU-1", item.Key);
        Assert.Equal("Mug", item.Value.Name);
        Assert.Equal(new Dictionary<string, decimal> { ["EUR"] = 9.50m, ["USD"] = 10.25m }, item.Value.Prices);
    }

    [Theory]
    [InlineData("Catalog:Seed:SKU-1:Prices:eur", "9.50", "Catalog:Seed:SKU-1:Prices:eur")]
    [InlineData("Catalog:Seed:SKU-1:Prices:EUR", "0", "Catalog:Seed:SKU-1:Prices:EUR")]
    [InlineData("Catalog:Seed:SKU 1:Prices:EUR", "9.50", "Catalog:Seed:SKU 1")]
    [InlineData("Catalog:Seed:SKU-1:Name", "Mug", "Catalog:Seed:SKU-1:Prices")]
    public void AddCatalog_SeedTheApiCouldNotSell_FailsNamingTheSetting(string key, string value, string named)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    private static CatalogOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddCatalog(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<CatalogOptions>>().Value;
    }
}
