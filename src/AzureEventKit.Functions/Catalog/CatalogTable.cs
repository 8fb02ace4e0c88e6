namespace AzureEventKit.Functions.Catalog;

/// <summary>
/// The layout of the Catalog table: one partition per SKU and one row per currency the SKU is sold in, so pricing a
/// line is one point read and a SKU can carry a price per currency.
/// </summary>
public static class CatalogTable
{
    public const string Name = "Catalog";
}
