namespace AzureEventKit.Functions.Payments;

/// <summary>What the provider needs to hold money.</summary>
/// <param name="IdempotencyKey"><c>{orderId}:authorize</c>: one hold per order, however often the call is retried.</param>
/// <param name="OrderReference">The order id, as the merchant's reference the provider keeps with the hold.</param>
/// <param name="CustomerId">The paying customer.</param>
/// <param name="Amount">The order total.</param>
/// <param name="Currency">ISO 4217 code.</param>
public sealed record PaymentAuthorizationRequest(string IdempotencyKey, string OrderReference, string CustomerId, decimal Amount, string Currency);
