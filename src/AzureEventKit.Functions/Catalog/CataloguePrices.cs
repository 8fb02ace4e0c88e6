using System.Globalization;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Catalog;

/// <summary>
/// The server's prices: what one unit of a SKU costs in a currency, and whether it is for sale at all. Orders price
/// every line here, so a client never names a price.
/// </summary>
public class CataloguePrices
{
    private readonly TableClient table;

    public CataloguePrices(TableServiceClient tableService)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        table = tableService.GetTableClient(CatalogTable.Name);
    }

    /// <summary>One quote per SKU, in the order given. Each SKU is one partition query (every currency it is sold in).</summary>
    public virtual async Task<IReadOnlyList<CatalogueQuote>> QuoteAsync(IReadOnlyList<string> skus, string currency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentException.ThrowIfNullOrEmpty(currency);
        return await Task.WhenAll(skus.Select(sku => QuoteAsync(sku, currency, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Every active SKU priced in <paramref name="currency"/>, ordered by SKU.</summary>
    public virtual async Task<IReadOnlyList<CatalogueQuote>> ListAsync(string currency, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(currency);
        var quotes = new List<CatalogueQuote>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {currency} and Active eq true");
        await foreach (var item in table.QueryAsync<CatalogItemEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            quotes.Add(Priced(item));
        }

        return [.. quotes.OrderBy(quote => quote.Sku, StringComparer.Ordinal)];
    }

    private async Task<CatalogueQuote> QuoteAsync(string sku, string currency, CancellationToken cancellationToken)
    {
        CatalogItemEntity? inCurrency = null;
        var known = false;
        await foreach (var item in table.QueryAsync<CatalogItemEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sku}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            known = true;
            if (string.Equals(item.RowKey, currency, StringComparison.Ordinal))
            {
                inCurrency = item;
            }
        }

        return (known, inCurrency) switch
        {
            (false, _) => new CatalogueQuote(sku, CatalogueQuoteStatus.UnknownSku, null, null, currency),
            (true, null) => new CatalogueQuote(sku, CatalogueQuoteStatus.NotPricedInCurrency, null, null, currency),
            (true, { Active: false }) => new CatalogueQuote(sku, CatalogueQuoteStatus.Inactive, null, null, currency),
            (true, { } item) => Priced(item),
        };
    }

    private static CatalogueQuote Priced(CatalogItemEntity item) =>
        new(item.PartitionKey, CatalogueQuoteStatus.Priced, item.Name, decimal.Parse(item.UnitPrice, NumberStyles.Number, CultureInfo.InvariantCulture), item.RowKey);
}
