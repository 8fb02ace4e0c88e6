namespace AzureEventKit.Contracts;

/// <summary>The payment provider authorized (but did not capture) the order's total.</summary>
public sealed record PaymentAuthorized(string OrderId, string PaymentId, decimal Amount, string Currency, DateTimeOffset AuthorizedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.payment-authorized.v1";
}
