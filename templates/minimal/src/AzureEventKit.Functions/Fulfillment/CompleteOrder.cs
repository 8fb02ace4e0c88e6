using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>The workflow's one step: mark the order Completed. Returns the order's status afterwards.</summary>
public sealed class CompleteOrder(OrderCompletion completion)
{
    [Function(nameof(CompleteOrder))]
    public Task<string> RunAsync([ActivityTrigger] string orderId, CancellationToken cancellationToken) =>
        completion.CompleteAsync(orderId, cancellationToken);
}
