using System.Text.RegularExpressions;
using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Catalog;

/// <summary><c>GET /api/catalog?currency=EUR</c>: the products for sale and their prices, which orders are charged at.</summary>
public sealed partial class ListCatalogue(CataloguePrices prices)
{
    [Function(nameof(ListCatalogue))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var currency = request.Query["currency"].FirstOrDefault() ?? "EUR";
        if (!CurrencyPattern().IsMatch(currency))
        {
            return ProblemResult.BadRequest("currency", "currency must be a three-letter ISO 4217 code in capitals, such as EUR.");
        }

        var quotes = await prices.ListAsync(currency, cancellationToken);
        IReadOnlyList<CatalogueEntry> entries = [.. quotes.Select(quote => new CatalogueEntry(quote.Sku, quote.Name!, quote.UnitPrice!.Value, quote.Currency))];
        return new JsonBodyResult<IReadOnlyList<CatalogueEntry>>(StatusCodes.Status200OK, entries, CatalogJsonContext.Default.IReadOnlyListCatalogueEntry);
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
