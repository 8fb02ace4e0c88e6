using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>The saga's result, visible as the orchestration output.</summary>
/// <param name="OrderId">The order (and instance id).</param>
/// <param name="IsCompleted">True when reserved, paid and shipped.</param>
/// <param name="FailureReason">Why it failed, when it failed.</param>
/// <param name="Detail">A human-readable explanation of the failure.</param>
public sealed record FulfillmentOutcome(string OrderId, bool IsCompleted, OrderFailureReason? FailureReason, string? Detail)
{
    public static FulfillmentOutcome Completed(string orderId) => new(orderId, true, null, null);

    public static FulfillmentOutcome Failed(string orderId, OrderFailureReason reason, string detail) => new(orderId, false, reason, detail);
}
