namespace AzureEventKit.Functions.Payments;

/// <summary>What the provider needs to release a hold.</summary>
/// <param name="IdempotencyKey"><c>{orderId}:void</c>.</param>
/// <param name="AuthorizationKey">The idempotency key the hold was requested with: it identifies the hold even when its payment id was never recorded.</param>
/// <param name="PaymentId">The provider's id of the hold, when its answer was recorded.</param>
public sealed record PaymentVoidRequest(string IdempotencyKey, string AuthorizationKey, string? PaymentId);
