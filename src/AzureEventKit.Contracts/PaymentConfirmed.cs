namespace AzureEventKit.Contracts;

/// <summary>The customer confirmed the authorized payment; the fulfillment saga waits for this.</summary>
public sealed record PaymentConfirmed(string OrderId, string PaymentId, DateTimeOffset ConfirmedAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.payment-confirmed.v1";
}
