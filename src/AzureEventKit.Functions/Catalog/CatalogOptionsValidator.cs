using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Catalog;

/// <summary>Refuses a seed the orders API could never sell, at start-up, naming the setting.</summary>
public sealed partial class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (sku, item) in options.Seed)
        {
            if (sku.Length > 64 || !SkuPattern().IsMatch(sku))
            {
                failures.Add($"Catalog:Seed:{sku} is not a SKU: use 1 to 64 letters, digits, '-' or '_'.");
            }

            if (item.Prices.Count == 0)
            {
                failures.Add($"Catalog:Seed:{sku}:Prices needs at least one currency and price.");
            }

            foreach (var (currency, price) in item.Prices)
            {
                if (!CurrencyPattern().IsMatch(currency))
                {
                    failures.Add($"Catalog:Seed:{sku}:Prices:{currency} is not a three-letter ISO 4217 code in capitals.");
                }

                if (price is <= 0 or > 1_000_000m)
                {
                    failures.Add($"Catalog:Seed:{sku}:Prices:{currency} must be more than 0 and at most 1000000; it is {price}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
