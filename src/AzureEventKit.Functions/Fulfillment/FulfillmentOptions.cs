namespace AzureEventKit.Functions.Fulfillment;

/// <summary>Settings of the fulfillment saga (configuration section <c>Fulfillment</c>), validated at start-up.</summary>
/// <remarks>
/// A running saga reads these once, at its start (through the <see cref="GetFulfillmentPolicy"/> activity), and keeps
/// that snapshot in its history. Changing them therefore affects new orders only and can never make a replay diverge.
/// </remarks>
public sealed class FulfillmentOptions
{
    public const string SectionName = "Fulfillment";

    /// <summary>
    /// How long the saga waits for the customer's PaymentConfirmed before it voids the payment, releases the stock and
    /// fails the order with PaymentTimeout. Default 30 minutes; allowed from 1 millisecond to 30 days. Longer waits hold
    /// stock longer; shorter ones fail slow customers.
    /// </summary>
    public TimeSpan PaymentConfirmationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How every saga activity is retried after a failure (section <c>Fulfillment:ActivityRetry</c>).</summary>
    public ActivityRetryOptions ActivityRetry { get; set; } = new();
}
