namespace AzureEventKit.Functions.Inventory;

/// <summary>Settings of the Inventory feature (configuration section <c>Inventory</c>).</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>
    /// Stock to seed at start-up, as SKU → units. A SKU that already has a row keeps its live quantity: seeding never
    /// overwrites stock. Default: a small coffee-shop catalogue so the sample works locally (<c>COFFEE-BEANS-1KG</c>
    /// 100, <c>MUG-CERAMIC</c> 50, <c>GRINDER-BURR</c> 10, <c>FILTER-PAPER-100</c> 200). Configured entries add to or
    /// override these; set a SKU to 0 to seed it as sold out.
    /// </summary>
    public Dictionary<string, int> SeedStock { get; init; } = new(StringComparer.Ordinal)
    {
        ["COFFEE-BEANS-1KG"] = 100,
        ["MUG-CERAMIC"] = 50,
        ["GRINDER-BURR"] = 10,
        ["FILTER-PAPER-100"] = 200,
    };
}
