using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>One realistic instance of every contract, for round trips and subscriber tests.</summary>
public static class SampleEvents
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 30, 15, 123, TimeSpan.Zero);

    public static OrderPlaced Placed(string orderId) =>
        new(orderId, "customer-1", "ada@example.com", [new OrderLine("sku-beans", 2, 12.50m, "Coffee beans"), new OrderLine("sku-mug", 1, 9.99m)], 34.99m, "EUR", At);

    public static InventoryReserved Reserved(string orderId) => new(orderId, [new OrderLine("sku-beans", 2, 12.50m)], At.AddSeconds(1));

    public static PaymentAuthorized Authorized(string orderId) => new(orderId, "pay-1", 34.99m, "EUR", At.AddSeconds(2));

    public static PaymentConfirmed Confirmed(string orderId) => new(orderId, "pay-1", At.AddSeconds(3));

    public static ShipmentCreated Shipped(string orderId) => new(orderId, "ship-1", "TRACK-1", At.AddSeconds(4));

    public static OrderCompleted Completed(string orderId) => new(orderId, "pay-1", "ship-1", At.AddSeconds(5));

    public static OrderFailed Failed(string orderId) => new(orderId, OrderFailureReason.PaymentDeclined, "The card was declined.", At.AddSeconds(5));

    public static OrderNeedsAttention NeedsAttention(string orderId) => new(orderId, "AnnounceShipment", At.AddSeconds(5));

    /// <summary>One of each contract type, in saga order.</summary>
    public static IReadOnlyList<IOrderEvent> All(string orderId) =>
        [Placed(orderId), Reserved(orderId), Authorized(orderId), Confirmed(orderId), Shipped(orderId), NeedsAttention(orderId), Completed(orderId), Failed(orderId)];
}
