using System.Text.Json;

namespace AzureEventKit.Functions.Tests.Catalog;

/// <summary>
/// local.settings.example.json seeds one demo catalogue through two features' settings: prices (Catalog:Seed) and stock
/// (Inventory:SeedStock). A SKU in one and not the other is either unsellable or unstocked, so the two must name the same SKUs.
/// </summary>
public sealed class DemoCatalogueSettingsTests
{
    [Fact]
    public void LocalSettingsExample_PricesAndStock_NameTheSameSkus()
    {
        var values = LocalSettingsExample().GetProperty("Values").EnumerateObject().Select(value => value.Name).ToList();

        var priced = SkusUnder(values, "Catalog__Seed__");
        var stocked = SkusUnder(values, "Inventory__SeedStock__");

        Assert.NotEmpty(priced);
        Assert.Equal(stocked.Order(StringComparer.Ordinal), priced.Order(StringComparer.Ordinal));
        Assert.All(priced, sku => Assert.Contains($"Catalog__Seed__{sku}__Prices__EUR", values));
    }

    private static HashSet<string> SkusUnder(IEnumerable<string> names, string prefix) =>
        names.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Select(name => name[prefix.Length..].Split("__")[0]).ToHashSet(StringComparer.Ordinal);

    private static JsonElement LocalSettingsExample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var file = Path.Combine(directory.FullName, "src", "AzureEventKit.Functions", "local.settings.example.json");
            if (File.Exists(file))
            {
                return JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (local.settings.example.json not found above " + AppContext.BaseDirectory + ").");
    }
}
