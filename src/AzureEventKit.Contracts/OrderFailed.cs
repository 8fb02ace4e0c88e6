namespace AzureEventKit.Contracts;

/// <summary>The saga gave up on the order and compensated what it had done.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Reason">Why, as a stable code that consumers can branch on.</param>
/// <param name="Detail">The customer-facing text for <paramref name="Reason"/> (see <see cref="OrderFailureReasonMessages"/>); never an internal cause, never parsed.</param>
/// <param name="FailedAt">When the saga gave up.</param>
public sealed record OrderFailed(string OrderId, OrderFailureReason Reason, string Detail, DateTimeOffset FailedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.failed.v1";
}
