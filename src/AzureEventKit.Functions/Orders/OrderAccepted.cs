namespace AzureEventKit.Functions.Orders;

/// <summary>The 202 body of <c>POST /api/orders</c>.</summary>
public sealed record OrderAccepted(string OrderId, string Status, string StatusUrl);
