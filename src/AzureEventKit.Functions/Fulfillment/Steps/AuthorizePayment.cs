using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Payments;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Saga step 2: hold the order's total with the provider, then announce it. A decline is returned, not thrown, so it is never retried.</summary>
public sealed class AuthorizePayment(PaymentAuthorizations payments, IEventPublisher publisher)
{
    [Function(nameof(AuthorizePayment))]
    public async Task<PaymentAuthorizationOutcome> RunAsync([ActivityTrigger] OrderPlaced order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var outcome = await payments.AuthorizeAsync(order, cancellationToken);
        if (outcome is { IsAuthorized: true, PaymentId: { } paymentId })
        {
            await publisher.PublishAsync(
                new PaymentAuthorized(order.OrderId, paymentId, outcome.Amount, outcome.Currency, outcome.DecidedAt),
                FulfillmentEventIds.PaymentAuthorized(order.OrderId),
                cancellationToken);
        }

        return outcome;
    }
}
