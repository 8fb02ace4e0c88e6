namespace AzureEventKit.Contracts;

/// <summary>A shipment exists for the order and has a tracking number.</summary>
public sealed record ShipmentCreated(string OrderId, string ShipmentId, string TrackingNumber, DateTimeOffset CreatedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.shipment-created.v1";
}
