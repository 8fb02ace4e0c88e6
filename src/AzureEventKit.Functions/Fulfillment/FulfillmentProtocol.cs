namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// What the outside world may know about the fulfillment saga: its name, the event it waits for, and the
/// custom statuses it reports. HTTP functions depend on this, never on the orchestrator's internals.
/// </summary>
public static class FulfillmentProtocol
{
    /// <summary>The orchestrator function name. The instance id is always the order id.</summary>
    public const string OrchestrationName = "OrderFulfillment";

    /// <summary>
    /// The external event raised by the payment provider's webhook; its payload is a PaymentConfirmed, approved or
    /// declined, naming the payment it is about.
    /// </summary>
    public const string PaymentConfirmedEvent = "PaymentConfirmed";

    /// <summary>The custom status while the saga waits for the payment provider to confirm the payment.</summary>
    public const string AwaitingPaymentStatus = "AwaitingPayment";

    /// <summary>
    /// The custom status after the parcel was booked but a later step (capture, an announcement) exhausted its retries:
    /// the saga waits for an operator's <see cref="ResumeEvent"/> and compensates nothing.
    /// </summary>
    public const string NeedsAttentionStatus = "NeedsAttention";

    /// <summary>The external event that makes a saga in <see cref="NeedsAttentionStatus"/> run its remaining steps again.</summary>
    public const string ResumeEvent = "Resume";
}
