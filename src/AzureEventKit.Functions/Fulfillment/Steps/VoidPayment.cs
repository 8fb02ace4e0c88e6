using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Payments;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Compensation for <see cref="AuthorizePayment"/>: releases the hold. Counts only voids that changed something.</summary>
public sealed class VoidPayment(PaymentAuthorizations payments, OrderWorkflowTelemetry telemetry)
{
    [Function(nameof(VoidPayment))]
    public async Task<bool> RunAsync([ActivityTrigger] string orderId, CancellationToken cancellationToken)
    {
        var voided = await payments.VoidAsync(orderId, cancellationToken);
        if (voided)
        {
            telemetry.Compensations.Add(1, new KeyValuePair<string, object?>("action", "void-payment"));
        }

        return voided;
    }
}
