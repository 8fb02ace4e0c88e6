namespace AzureEventKit.Contracts;

/// <summary>One product line of an order.</summary>
/// <param name="Sku">The stock-keeping unit, as the inventory table knows it.</param>
/// <param name="Quantity">How many units; always positive.</param>
/// <param name="UnitPrice">The price of one unit in the order's currency.</param>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
