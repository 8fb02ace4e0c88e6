using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// The operator's replay for an order in NeedsAttention: raises Resume on its saga, which runs the steps after the pivot
/// again (capture, announcement, OrderCompleted; each idempotent). Raised at any other time the event would be buffered
/// and surprise a later wait, so the caller gets 404 or 409 instead.
/// </summary>
public sealed class FulfillmentResumption(ILogger<FulfillmentResumption> logger)
{
    public async Task<IActionResult> ResumeAsync(string orderId, DurableTaskClient durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(durable);

        // getInputsAndOutputs: true, because without it the custom status is not returned either.
        var instance = await durable.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return ProblemResult.NotFound($"Order '{orderId}' has no fulfillment.");
        }

        var stage = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<string>();
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Running || stage != FulfillmentProtocol.NeedsAttentionStatus)
        {
            return ProblemResult.Conflict(
                $"Order '{orderId}' does not need attention (fulfillment is {instance.RuntimeStatus}{(stage is null ? string.Empty : ", " + stage)}).");
        }

        await durable.RaiseEventAsync(orderId, FulfillmentProtocol.ResumeEvent, eventPayload: null, cancellationToken).ConfigureAwait(false);
        FulfillmentLogs.ResumeRaised(logger, orderId);
        return new StatusCodeResult(StatusCodes.Status202Accepted);
    }
}
