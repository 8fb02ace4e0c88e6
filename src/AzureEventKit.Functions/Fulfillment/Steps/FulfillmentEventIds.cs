namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>
/// Event ids derived from the order id and the step, never random: a retried activity or a replayed saga publishes the
/// same id again, and Service Bus duplicate detection (MessageId = event id) drops the repeat.
/// </summary>
public static class FulfillmentEventIds
{
    public static string InventoryReserved(string orderId) => orderId + ":inventory-reserved";

    public static string PaymentAuthorized(string orderId) => orderId + ":payment-authorized";

    public static string ShipmentCreated(string orderId) => orderId + ":shipment-created";

    public static string OrderCompleted(string orderId) => orderId + ":completed";

    public static string OrderFailed(string orderId) => orderId + ":failed";

    public static string OrderNeedsAttention(string orderId) => orderId + ":needs-attention";
}
