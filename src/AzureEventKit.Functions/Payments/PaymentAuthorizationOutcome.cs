namespace AzureEventKit.Functions.Payments;

/// <summary>The answer to "authorize this order", the same for every retry.</summary>
public sealed record PaymentAuthorizationOutcome(bool IsAuthorized, string? PaymentId, string? DeclineReason, decimal Amount, string Currency, DateTimeOffset DecidedAt);
