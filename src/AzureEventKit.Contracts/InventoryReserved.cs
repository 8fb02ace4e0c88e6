namespace AzureEventKit.Contracts;

/// <summary>Stock for every line of the order is set aside.</summary>
public sealed record InventoryReserved(string OrderId, IReadOnlyList<OrderLine> Lines, DateTimeOffset ReservedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.inventory-reserved.v1";
}
