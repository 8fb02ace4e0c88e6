using AzureEventKit.Contracts;
using AzureEventKit.Functions.Observability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>
/// Past the pivot, a step exhausted its retries: count it and log it, which needs neither Service Bus nor Tables, so the
/// alert fires even while the bus is down. Counted here, not in the orchestrator, whose body runs again at every replay.
/// </summary>
public sealed class FlagNeedsAttention(OrderWorkflowTelemetry telemetry, ILogger<FlagNeedsAttention> logger)
{
    [Function(nameof(FlagNeedsAttention))]
    public void Run([ActivityTrigger] OrderNeedsAttention attention)
    {
        ArgumentNullException.ThrowIfNull(attention);
        telemetry.OrdersNeedingAttention.Add(1, new KeyValuePair<string, object?>("step", attention.Step));
        FulfillmentLogs.NeedsAttention(logger, attention.OrderId, attention.Step);
    }
}
