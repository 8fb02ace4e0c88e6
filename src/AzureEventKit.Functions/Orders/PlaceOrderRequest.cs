namespace AzureEventKit.Functions.Orders;

/// <summary>
/// The body of <c>POST /api/orders</c>. Everything is nullable here so that validation, not the parser, names what is
/// missing. There is no customer id: the customer is the signed-in caller, so a body cannot place an order for someone else.
/// </summary>
public sealed record PlaceOrderRequest(string? CustomerEmail, string? Currency, IReadOnlyList<PlaceOrderItem?>? Items);

/// <summary>One requested line: a SKU and a quantity. The price comes from the server's catalogue.</summary>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">How many units.</param>
/// <param name="UnitPrice">
/// Not accepted: present only so that validation can refuse a client that names its own price (400 naming the line),
/// instead of silently charging a different amount than the client believes.
/// </param>
public sealed record PlaceOrderItem(string? Sku, int? Quantity, decimal? UnitPrice = null);
