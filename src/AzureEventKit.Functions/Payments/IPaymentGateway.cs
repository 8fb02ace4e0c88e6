namespace AzureEventKit.Functions.Payments;

/// <summary>
/// The external payment provider, as the saga needs it: authorize (hold) an amount and void that hold. Real providers
/// take an idempotency key so that a retried call returns the first answer instead of charging twice; implementations
/// must honour <see cref="PaymentAuthorizationRequest.IdempotencyKey"/> the same way.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Asks the provider to hold the amount. A decline is an answer, not an exception; exceptions mean "try again".</summary>
    Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases a hold. Voiding an already voided payment succeeds.</summary>
    Task VoidAsync(string paymentId, CancellationToken cancellationToken = default);
}
