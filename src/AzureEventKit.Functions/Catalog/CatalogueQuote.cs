namespace AzureEventKit.Functions.Catalog;

/// <summary>Why the catalogue can or cannot sell a SKU in a currency.</summary>
public enum CatalogueQuoteStatus
{
    Priced,
    UnknownSku,
    Inactive,
    NotPricedInCurrency,
}

/// <summary>The catalogue's answer for one SKU in one currency.</summary>
/// <param name="Sku">The SKU asked for.</param>
/// <param name="Status">Whether it can be sold, and if not, why.</param>
/// <param name="Name">The product name; null unless priced.</param>
/// <param name="UnitPrice">The price of one unit in <paramref name="Currency"/>; null unless priced.</param>
/// <param name="Currency">The currency asked for.</param>
public sealed record CatalogueQuote(string Sku, CatalogueQuoteStatus Status, string? Name, decimal? UnitPrice, string Currency)
{
    public bool IsPriced => Status == CatalogueQuoteStatus.Priced;

    /// <summary>What a customer is told when the line cannot be sold; null when it can.</summary>
    public string? Refusal => Status switch
    {
        CatalogueQuoteStatus.UnknownSku => $"sku '{Sku}' is not in the catalogue.",
        CatalogueQuoteStatus.Inactive => $"sku '{Sku}' is no longer sold.",
        CatalogueQuoteStatus.NotPricedInCurrency => $"sku '{Sku}' is not sold in {Currency}.",
        _ => null,
    };
}
