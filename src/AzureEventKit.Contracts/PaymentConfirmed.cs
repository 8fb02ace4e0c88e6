namespace AzureEventKit.Contracts;

/// <summary>
/// The payment provider's verdict on an authorized payment, from its signed webhook; the fulfillment saga waits for
/// this and ships only when <see cref="Approved"/> is true and <see cref="PaymentId"/> is the payment it authorized.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="PaymentId">The provider's payment id.</param>
/// <param name="ConfirmedAt">When the app accepted the webhook.</param>
/// <param name="Approved">
/// Additive in v1 (docs/contracts.md): the provider approved (true) or declined (false) the payment. A payload without
/// it, raised before the field existed, reads as approved, which is what its arrival meant then.
/// </param>
/// <param name="DeclineReason">The provider's reason when declined; additive in v1.</param>
public sealed record PaymentConfirmed(string OrderId, string PaymentId, DateTimeOffset ConfirmedAt, bool Approved = true, string? DeclineReason = null) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event.</summary>
    public const string EventType = "orders.payment-confirmed.v1";
}
