namespace AzureEventKit.Contracts;

/// <summary>
/// The parcel is booked (the saga's point of no return), but a later step keeps failing; the order waits for an operator
/// instead of being compensated. Followed by OrderCompleted once the operator resumes it.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="Step">The saga step that exhausted its retries (for example <c>AnnounceShipment</c>): a stable name, never an error text.</param>
/// <param name="DetectedAt">When the saga gave up retrying that step.</param>
public sealed record OrderNeedsAttention(string OrderId, string Step, DateTimeOffset DetectedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.needs-attention.v1";
}
