namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// The Durable retry policy of every saga activity: exponential backoff, capped. With the defaults an activity runs at
/// most 5 times over about 30 seconds (waits of 2, 4, 8 and 16 s) before the saga compensates with RetriesExhausted.
/// </summary>
public sealed class ActivityRetryOptions
{
    /// <summary>Total attempts, the first included. Default 5; 1 to 20.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry. Default 2 seconds; must be positive.</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Each wait is the previous one times this. Default 2; at least 1.</summary>
    public double BackoffCoefficient { get; set; } = 2;

    /// <summary>No wait is longer than this. Default 1 minute; at least <see cref="FirstRetryInterval"/>.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
