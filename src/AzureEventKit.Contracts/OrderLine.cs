namespace AzureEventKit.Contracts;

/// <summary>One product line of an order.</summary>
/// <param name="Sku">The stock-keeping unit, as the inventory table knows it.</param>
/// <param name="Quantity">How many units; always positive.</param>
/// <param name="UnitPrice">
/// The price of one unit in the order's currency, from the server's catalogue when the order was placed (never from the
/// client). Consumers may rely on it and on the order's total.
/// </param>
/// <param name="Name">
/// The product name from the catalogue. Added within v1 as an optional field: events published before it existed carry
/// none (null), so consumers must not require it.
/// </param>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice, string? Name = null);
