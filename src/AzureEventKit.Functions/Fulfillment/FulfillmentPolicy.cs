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
    /// The options every activity call uses. An <see cref="ArgumentException"/> means the input can never succeed,
    /// so it is not retried; everything else (storage, network, provider outages, contention) is.
    /// </summary>
    public TaskOptions ToActivityOptions() => TaskOptions.FromRetryPolicy(new RetryPolicy(MaxAttempts, FirstRetryInterval, BackoffCoefficient, MaxRetryInterval)
    {
        HandleFailure = failure => !failure.IsCausedBy<ArgumentException>(),
    });
}
