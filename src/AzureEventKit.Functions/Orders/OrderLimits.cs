using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Orders;

/// <summary>Checks a valid request against the quantity limits of <see cref="OrderLimitsOptions"/> and names what exceeds them.</summary>
public sealed class OrderLimits(IOptions<OrderLimitsOptions> options)
{
    /// <summary>Field path → message for every quantity above its limit; empty when the order is within them.</summary>
    public IReadOnlyDictionary<string, string[]> CheckQuantities(PlaceOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var items = request.Items ?? [];
        long total = 0;
        for (var index = 0; index < items.Count; index++)
        {
            var quantity = items[index]?.Quantity ?? 0;
            total += quantity;
            if (quantity > limits.MaxQuantityPerLine)
            {
                errors[$"items[{index}].quantity"] = [$"quantity may be at most {limits.MaxQuantityPerLine} per line; it is {quantity}."];
            }
        }

        if (total > limits.MaxQuantityPerOrder)
        {
            errors["items"] = [$"An order may hold at most {limits.MaxQuantityPerOrder} units in all; this one holds {total}."];
        }

        return errors;
    }
}
