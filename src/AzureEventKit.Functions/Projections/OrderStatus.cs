namespace AzureEventKit.Functions.Projections;

/// <summary>
/// Where an order is. The numeric order is the only allowed direction of travel: the projection never moves an
/// order backwards, so out-of-order deliveries cannot undo progress. Completed and Failed are final. Stored by name, so
/// values may be inserted.
/// </summary>
public enum OrderStatus
{
    Pending = 0,
    InventoryReserved = 1,
    PaymentAuthorized = 2,
    Shipped = 3,

    /// <summary>Booked, but a later step keeps failing; an operator resumes it, and it moves on to Completed.</summary>
    NeedsAttention = 4,
    Completed = 5,
    Failed = 6,
}
