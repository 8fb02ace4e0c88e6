using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Orders;

/// <summary>How the outbox sweeper finds orders whose OrderPlaced was never published. Section <c>Orders:Outbox</c>.</summary>
public sealed class OrderOutboxOptions
{
    public const string SectionName = "Orders:Outbox";

    /// <summary>
    /// How old an unpublished order must be before the sweeper publishes it. Default 2 minutes: longer than any placement
    /// still in flight (its request times out well before), so the sweeper does not race a live placement; a race would
    /// be harmless anyway, because both publish the same event id and duplicate detection keeps one. Lower it and the
    /// sweeper announces stranded orders sooner; zero sweeps every unpublished order (tests).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Orders:Outbox:RepublishAfter must be between 0 and 1 day.")]
    public TimeSpan RepublishAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most orders one sweep publishes. Default 100; the rest wait for the next run (every minute), so a long broker
    /// outage drains in bounded steps instead of one invocation that outlives its timeout.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Orders:Outbox:MaxOrdersPerSweep must be between 1 and 1000.")]
    public int MaxOrdersPerSweep { get; set; } = 100;
}
