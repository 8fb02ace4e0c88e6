using AzureEventKit.Functions.Payments;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Saga step 5, past the pivot: take the held money, once (key <c>{orderId}:capture</c>).</summary>
public sealed class CapturePayment(PaymentAuthorizations payments)
{
    [Function(nameof(CapturePayment))]
    public Task<PaymentCapture> RunAsync([ActivityTrigger] string orderId, CancellationToken cancellationToken) =>
        payments.CaptureAsync(orderId, cancellationToken);
}
