using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// How long a subscriber waits, holding the message's lock, before it abandons a message that failed transiently.
/// Section <c>Messaging:TransientBackoff</c>. Delivery n waits <c>min(FirstDelay × 2^(n-1), MaxDelay)</c>, plus up to 20 %
/// jitter (still capped), so redeliveries of many messages spread out instead of arriving together.
/// </summary>
/// <remarks>
/// With the defaults and the deployed subscriptions (lock 1 minute, MaxDeliveryCount 10, infra/servicebus.topology.json),
/// the waits before the ten abandons add up to 2+4+8+16+32+45×5 = 287 seconds, so a dependency outage of up to about
/// 4½ minutes (and certainly one of 2 minutes) dead-letters nothing; docs/architecture.md has the table. Each wait stays
/// below the 1-minute lock, and the host renews locks for 5 minutes anyway (host.json maxAutoLockRenewalDuration).
/// Lower both values in tests that rely on quick redelivery.
/// </remarks>
public sealed class TransientBackoffOptions
{
    public const string SectionName = "Messaging:TransientBackoff";

    /// <summary>The wait before the first abandon. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Messaging:TransientBackoff:FirstDelay must be between 0 and 5 minutes.")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait. Default 45 seconds: under the deployed 1-minute lock, so the lock holds even without renewal.
    /// Raising it past the lock duration relies on the host's lock renewal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Messaging:TransientBackoff:MaxDelay must be between 0 and 5 minutes.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(45);
}
