namespace AzureEventKit.Functions.Payments;

/// <summary>
/// The external payment provider, as the saga needs it: hold an amount, capture the hold once the parcel is booked, or
/// void it before that. Every call carries an idempotency key derived from the order (<see cref="PaymentIdempotencyKeys"/>):
/// real providers answer a repeated key with the first answer instead of acting twice, and implementations must do the same.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Asks the provider to hold the amount. A decline is an answer, not an exception; exceptions mean "try again".</summary>
    Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Takes the held money. Capturing an already captured payment with the same key succeeds and charges nothing more.</summary>
    Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases the hold made under <see cref="PaymentVoidRequest.AuthorizationKey"/>. Voiding an already voided hold, or a
    /// key the provider never saw, succeeds: the void must work even when the provider's answer to the authorization was lost.
    /// </summary>
    Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default);
}
