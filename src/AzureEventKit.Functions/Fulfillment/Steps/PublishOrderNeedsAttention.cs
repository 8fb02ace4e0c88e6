using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Announces that the order waits for an operator, so the read model shows NeedsAttention.</summary>
public sealed class PublishOrderNeedsAttention(IEventPublisher publisher)
{
    [Function(nameof(PublishOrderNeedsAttention))]
    public Task RunAsync([ActivityTrigger] OrderNeedsAttention attention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attention);
        return publisher.PublishAsync(attention, FulfillmentEventIds.OrderNeedsAttention(attention.OrderId), cancellationToken);
    }
}
