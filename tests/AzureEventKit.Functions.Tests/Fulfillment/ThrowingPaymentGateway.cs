using AzureEventKit.Functions.Payments;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>TEST DOUBLE: a provider adapter that always fails with an internal message (a stack detail, a host name).</summary>
internal sealed class ThrowingPaymentGateway(string internalDetail) : IPaymentGateway
{
    public Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"Provider connection to {internalDetail} reset.");

    public Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
