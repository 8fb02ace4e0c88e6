using Microsoft.DurableTask;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>The snapshot of <see cref="FulfillmentOptions"/> that one saga instance runs with, recorded in its history.</summary>
public sealed record FulfillmentPolicy(
    TimeSpan PaymentConfirmationTimeout,
    int MaxAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient,
    TimeSpan MaxRetryInterval)
{
    public static FulfillmentPolicy From(FulfillmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = options.ActivityRetry;
        return new(options.PaymentConfirmationTimeout, retry.MaxAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval);
    }

    /// <summary>
    /// The options every activity call uses: every failure is retried with exponential backoff. Answers that retrying
    /// cannot change (out of stock, declined) are results, not exceptions, so they are never retried.
    /// </summary>
    /// <remarks>
    /// RetryPolicy.HandleFailure is deliberately not used: with Microsoft.DurableTask 1.27 on the in-process test host,
    /// setting it stopped every retry, so the policy could not be tested.
    /// </remarks>
    public TaskOptions ToActivityOptions() => TaskOptions.FromRetryPolicy(new RetryPolicy(MaxAttempts, FirstRetryInterval, BackoffCoefficient, MaxRetryInterval));
}
