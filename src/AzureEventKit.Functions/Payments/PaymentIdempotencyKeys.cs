namespace AzureEventKit.Functions.Payments;

/// <summary>
/// The idempotency key of every provider call, derived from the order and the operation, never random: a retried
/// activity or a restarted saga sends the same key again, and the provider answers it without moving money twice.
/// </summary>
public static class PaymentIdempotencyKeys
{
    public static string Authorize(string orderId) => orderId + ":authorize";

    public static string Capture(string orderId) => orderId + ":capture";

    public static string Void(string orderId) => orderId + ":void";
}
