namespace AzureEventKit.Functions.Projections;

/// <summary>
/// Where an order is. The numeric order is the only allowed direction of travel: the projection never moves an
/// order backwards, so out-of-order deliveries cannot undo progress. Completed and Failed are final.
/// </summary>
public enum OrderStatus
{
    Pending = 0,
    InventoryReserved = 1,
    PaymentAuthorized = 2,
    Shipped = 3,
    Completed = 4,
    Failed = 5,
}
