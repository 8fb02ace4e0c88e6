namespace AzureEventKit.Contracts;

/// <summary>
/// What a customer is told for each <see cref="OrderFailureReason"/>. Fixed texts on purpose: the cause of a failure
/// (an exception message, a provider's reply) can name hosts, accounts or internals, so it goes to logs and traces
/// only, never into an event that a read model or an e-mail shows.
/// </summary>
public static class OrderFailureReasonMessages
{
    /// <summary>The customer-facing text for <paramref name="reason"/>; an unknown value gets a generic text.</summary>
    public static string CustomerMessage(this OrderFailureReason reason) => reason switch
    {
        OrderFailureReason.OutOfStock => "Some items in your order are out of stock. You have not been charged.",
        OrderFailureReason.PaymentDeclined => "Your payment was declined. You have not been charged.",
        OrderFailureReason.PaymentTimeout => "We did not receive your payment confirmation in time. You have not been charged.",
        _ => "We could not complete your order because of a problem on our side. You have not been charged.",
    };
}
