namespace AzureEventKit.Functions.Payments;

/// <summary>What the provider needs to hold money.</summary>
/// <param name="IdempotencyKey">The order id: one authorization per order, however often the call is retried.</param>
/// <param name="CustomerId">The paying customer.</param>
/// <param name="Amount">The order total.</param>
/// <param name="Currency">ISO 4217 code.</param>
public sealed record PaymentAuthorizationRequest(string IdempotencyKey, string CustomerId, decimal Amount, string Currency);
