namespace AzureEventKit.Functions.Inventory;

/// <summary>Settings of the Inventory feature (configuration section <c>Inventory</c>).</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>
    /// Stock to seed at start-up, as SKU → units. Default: none, so a deployed app never invents stock; the local run
    /// command, <c>local.settings.example.json</c> and the tests configure their own. A SKU that already has a row keeps
    /// its live quantity: seeding never overwrites stock. Set a SKU to 0 to seed it as sold out.
    /// </summary>
    public Dictionary<string, int> SeedStock { get; init; } = new(StringComparer.Ordinal);
}
