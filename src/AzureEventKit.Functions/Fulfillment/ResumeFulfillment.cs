using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary><c>POST /api/fulfillment/{id}/resume</c> (function key): the documented replay for an order in NeedsAttention.</summary>
public sealed class ResumeFulfillment(FulfillmentResumption resumption)
{
    [Function(nameof(ResumeFulfillment))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "fulfillment/{id}/resume")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return resumption.ResumeAsync(id, durable, cancellationToken);
    }
}
