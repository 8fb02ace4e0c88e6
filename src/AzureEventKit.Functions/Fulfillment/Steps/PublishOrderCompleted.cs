using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>The saga's last step on success. Counted here, not in the orchestrator, whose body runs again at every replay.</summary>
public sealed class PublishOrderCompleted(IEventPublisher publisher, OrderWorkflowTelemetry telemetry)
{
    [Function(nameof(PublishOrderCompleted))]
    public async Task RunAsync([ActivityTrigger] OrderCompleted completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        await publisher.PublishAsync(completed, FulfillmentEventIds.OrderCompleted(completed.OrderId), cancellationToken);
        telemetry.OrdersCompleted.Add(1);
    }
}
