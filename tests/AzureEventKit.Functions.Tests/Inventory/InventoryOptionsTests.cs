using AzureEventKit.Functions.Inventory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Inventory;

public sealed class InventoryOptionsTests
{
    [Fact]
    public void AddInventory_NoSettings_SeedsNothing()
    {
        // In Azure nothing configures a seed, and a deployed app must not invent stock at every start.
        Assert.Empty(Resolve([]).SeedStock);
    }

    [Fact]
    public void AddInventory_SeedStockConfigured_SeedsExactlyThat()
    {
        var options = Resolve(new() { ["Inventory:SeedStock:SKU-1"] = "7" });

        Assert.Equal(new Dictionary<string, int> { ["SKU-1"] = 7 }, options.SeedStock);
    }

    private static InventoryOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddInventory(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<InventoryOptions>>().Value;
    }
}
