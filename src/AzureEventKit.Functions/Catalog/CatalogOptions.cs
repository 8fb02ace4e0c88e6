namespace AzureEventKit.Functions.Catalog;

/// <summary>Settings of the Catalog feature (configuration section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>
    /// Products to seed at start-up, as SKU → name and prices (for example <c>Catalog:Seed:MUG-CERAMIC:Prices:EUR = 9.00</c>).
    /// Default: none, so a deployed app never invents prices; the local run command, <c>local.settings.example.json</c>
    /// and the tests configure their own. A SKU and currency that already has a row keeps its live price: seeding never
    /// overwrites the catalogue.
    /// </summary>
    public Dictionary<string, CatalogSeedItem> Seed { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One seeded product.</summary>
public sealed class CatalogSeedItem
{
    /// <summary>The product name customers see. Default: the SKU.</summary>
    public string? Name { get; init; }

    /// <summary>Currency (ISO 4217, capitals) → price of one unit.</summary>
    public Dictionary<string, decimal> Prices { get; init; } = new(StringComparer.Ordinal);
}
