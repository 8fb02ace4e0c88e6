namespace AzureEventKit.Functions.Inventory;

/// <summary>The answer to "reserve this order": either everything is reserved, or nothing is and these SKUs were short.</summary>
/// <param name="IsReserved">True when every line is reserved (now or by an earlier attempt for the same order).</param>
/// <param name="ReservedAt">When the reservation was first made; stable across retries so the published event is identical.</param>
/// <param name="ShortSkus">The SKUs that lacked stock or do not exist; empty when reserved.</param>
public sealed record InventoryReservationOutcome(bool IsReserved, DateTimeOffset? ReservedAt, IReadOnlyList<string> ShortSkus)
{
    public static InventoryReservationOutcome Reserved(DateTimeOffset reservedAt) => new(true, reservedAt, []);

    public static InventoryReservationOutcome OutOfStock(IReadOnlyList<string> shortSkus) => new(false, null, shortSkus);
}
