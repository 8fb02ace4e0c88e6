using System.Text.Json;
using System.Text.RegularExpressions;

namespace AzureEventKit.Local;

/// <summary>Sample requests for the banner's curl lines and the demo's orders.</summary>
internal static partial class ExampleValues
{
    /// <summary>The demo catalogue: the local run seeds this stock (Inventory:SeedStock); the app seeds none by default.</summary>
    public static readonly IReadOnlyList<(string Sku, decimal UnitPrice, int SeedUnits)> Catalogue =
    [
        ("COFFEE-BEANS-1KG", 18.50m, 100),
        ("MUG-CERAMIC", 9.00m, 50),
        ("FILTER-PAPER-100", 4.25m, 200),
        ("GRINDER-BURR", 129.00m, 10),
    ];

    public static string FillRoute(string route) => RouteParameter().Replace(route, match => $"<{match.Groups[1].Value}>");

    /// <summary>
    /// A sample body for POST /api/orders; null for the others (a replay body would REPLACE the dead-lettered message, and
    /// the webhook's body must be signed by the provider).
    /// </summary>
    public static string? BodyFor(string route) =>
        route.EndsWith("/orders", StringComparison.OrdinalIgnoreCase)
            ? JsonSerializer.Serialize(Order("curl-customer", 0))
            : null;

    /// <summary>A PlaceOrder request body (PlaceOrderRequest): one or two items from the seeded catalogue. The customer is the signed-in caller; the id only names the e-mail address.</summary>
    public static object Order(string customerId, int seed)
    {
        var first = Catalogue[seed % 3];
        var items = seed % 4 == 0
            ? new[] { Item(first, 1), Item(Catalogue[(seed + 1) % 3], 2) }
            : [Item(first, 1)];
        return new { customerEmail = $"{customerId}@example.com", currency = "EUR", items };
    }

    private static object Item((string Sku, decimal UnitPrice, int SeedUnits) item, int quantity) => new { sku = item.Sku, quantity, unitPrice = item.UnitPrice };

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
