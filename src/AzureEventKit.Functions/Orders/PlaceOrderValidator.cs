using System.Text.RegularExpressions;

namespace AzureEventKit.Functions.Orders;

/// <summary>Checks a <see cref="PlaceOrderRequest"/> and names every invalid field by its JSON path.</summary>
public static partial class PlaceOrderValidator
{
    public const int MaxItems = 50;
    /// <summary>No line can ever hold more; the configurable, lower limits are <see cref="OrderLimitsOptions"/> (422).</summary>
    public const int MaxQuantity = 1_000;

    public static IReadOnlyDictionary<string, string[]> Validate(PlaceOrderRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            errors["body"] = ["The body must be a JSON object."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(request.CustomerEmail))
        {
            errors["customerEmail"] = ["customerEmail is required."];
        }
        else if (request.CustomerEmail.Length > 254 || !EmailPattern().IsMatch(request.CustomerEmail))
        {
            errors["customerEmail"] = ["customerEmail must be an email address."];
        }

        if (string.IsNullOrWhiteSpace(request.Currency))
        {
            errors["currency"] = ["currency is required."];
        }
        else if (!CurrencyPattern().IsMatch(request.Currency))
        {
            errors["currency"] = ["currency must be a three-letter ISO 4217 code in capitals, such as EUR."];
        }

        if (request.Items is null)
        {
            errors["items"] = ["items is required."];
            return errors;
        }

        if (request.Items.Count == 0)
        {
            errors["items"] = ["items must contain at least one line."];
        }
        else if (request.Items.Count > MaxItems)
        {
            errors["items"] = [$"items may contain at most {MaxItems} lines."];
        }

        for (var index = 0; index < request.Items.Count; index++)
        {
            var path = $"items[{index}]";
            if (request.Items[index] is not { } item)
            {
                errors[path] = ["A line must be an object."];
                continue;
            }

            Require(errors, $"{path}.sku", item.Sku, 64, KeyPattern(), "letters, digits, '-' or '_'");
            if (item.Quantity is null)
            {
                errors[$"{path}.quantity"] = ["quantity is required."];
            }
            else if (item.Quantity is < 1 or > MaxQuantity)
            {
                errors[$"{path}.quantity"] = [$"quantity must be between 1 and {MaxQuantity}."];
            }

            if (item.UnitPrice is not null)
            {
                errors[$"{path}.unitPrice"] = ["unitPrice is not accepted: prices come from the catalogue (GET /api/catalog); send sku and quantity only."];
            }
        }

        var duplicates = request.Items.OfType<PlaceOrderItem>().Where(item => item.Sku is not null).GroupBy(item => item.Sku, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key);
        foreach (var sku in duplicates)
        {
            errors["items"] = [$"sku '{sku}' appears on more than one line; put the whole quantity on one line."];
        }

        return errors;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength, Regex pattern, string allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field.Split('.')[^1]} is required."];
        }
        else if (value.Length > maxLength || !pattern.IsMatch(value))
        {
            errors[field] = [$"{field.Split('.')[^1]} must be 1 to {maxLength} characters: {allowed}."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
