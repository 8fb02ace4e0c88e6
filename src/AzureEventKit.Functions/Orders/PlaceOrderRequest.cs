namespace AzureEventKit.Functions.Orders;

/// <summary>The body of <c>POST /api/orders</c>. Everything is nullable here so that validation, not the parser, names what is missing.</summary>
public sealed record PlaceOrderRequest(string? CustomerId, string? CustomerEmail, string? Currency, IReadOnlyList<PlaceOrderItem?>? Items);

/// <summary>One requested line.</summary>
public sealed record PlaceOrderItem(string? Sku, int? Quantity, decimal? UnitPrice);
