namespace AzureEventKit.Contracts;

/// <summary>The order is reserved, paid and shipped: the saga ended well.</summary>
public sealed record OrderCompleted(string OrderId, string PaymentId, string ShipmentId, DateTimeOffset CompletedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.completed.v1";
}
