using AzureEventKit.Contracts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// The order's workflow: one activity that completes the order. Add steps here as activities (an effect each, retried
/// by Durable); the orchestrator itself only decides, because its body is replayed from history many times.
/// </summary>
/// <remarks>The instance id is the order id, chosen by the starter, so a duplicate OrderPlaced starts nothing new.</remarks>
public static class OrderFulfillmentOrchestrator
{
    // Transient storage errors are retried by Durable with back-off; a step that keeps failing fails the instance,
    // which stays visible (and restartable) in the task hub instead of being lost.
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2));

    [Function(FulfillmentProtocol.OrchestrationName)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = context.GetInput<OrderPlaced>()
            ?? throw new InvalidOperationException($"The {FulfillmentProtocol.OrchestrationName} orchestration needs an OrderPlaced input.");

        return await context.CallActivityAsync<string>(nameof(CompleteOrder), order.OrderId, StepRetry);
    }
}
