namespace AzureEventKit.Contracts;

/// <summary>A customer placed an order; it is accepted but nothing is reserved or paid yet.</summary>
public sealed record OrderPlaced(
    string OrderId,
    string CustomerId,
    string CustomerEmail,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    string Currency,
    DateTimeOffset PlacedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.placed.v1";
}
