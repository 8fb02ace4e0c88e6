using AzureEventKit.Functions.Payments;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// TEST DOUBLE: the stand-in gateway behind an outage. The first <c>failures</c> authorizations throw, as a provider
/// answering 503 would; later ones reach the real <see cref="SimulatedPaymentGateway"/>.
/// </summary>
internal sealed class FlakyPaymentGateway(int failures) : IPaymentGateway
{
    private readonly SimulatedPaymentGateway inner = new();
    private int attempts;

    public int Attempts => Volatile.Read(ref attempts);

    public Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        var attempt = Interlocked.Increment(ref attempts);
        return attempt <= failures
            ? throw new HttpRequestException($"Simulated provider outage (attempt {attempt}).")
            : inner.AuthorizeAsync(request, cancellationToken);
    }

    public Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

    public Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);
}
