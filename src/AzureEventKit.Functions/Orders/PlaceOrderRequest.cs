namespace AzureEventKit.Functions.Orders;

/// <summary>
/// The body of <c>POST /api/orders</c>. Everything is nullable here so that validation, not the parser, names what is
/// missing. There is no customer id: the customer is the signed-in caller, so a body cannot place an order for someone else.
/// </summary>
public sealed record PlaceOrderRequest(string? CustomerEmail, string? Currency, IReadOnlyList<PlaceOrderItem?>? Items);

/// <summary>One requested line.</summary>
public sealed record PlaceOrderItem(string? Sku, int? Quantity, decimal? UnitPrice);
