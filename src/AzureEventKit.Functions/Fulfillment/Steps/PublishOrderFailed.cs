using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>The saga's last step on failure, after compensation. Counted here, not in the orchestrator, whose body runs again at every replay.</summary>
public sealed class PublishOrderFailed(IEventPublisher publisher, OrderWorkflowTelemetry telemetry)
{
    [Function(nameof(PublishOrderFailed))]
    public async Task RunAsync([ActivityTrigger] OrderFailed failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        await publisher.PublishAsync(failed, FulfillmentEventIds.OrderFailed(failed.OrderId), cancellationToken);
        telemetry.OrdersFailed.Add(1, new KeyValuePair<string, object?>("reason", failed.Reason.ToString()));
    }
}
