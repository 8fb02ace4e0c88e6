namespace AzureEventKit.Functions.Payments;

/// <summary>What the provider needs to take held money.</summary>
/// <param name="IdempotencyKey"><c>{orderId}:capture</c>: one capture per order, however often the call is retried.</param>
/// <param name="PaymentId">The provider's id of the hold.</param>
/// <param name="Amount">The amount to take: the authorized total.</param>
/// <param name="Currency">ISO 4217 code.</param>
public sealed record PaymentCaptureRequest(string IdempotencyKey, string PaymentId, decimal Amount, string Currency);
