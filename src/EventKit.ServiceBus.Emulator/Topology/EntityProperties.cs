namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// The properties of a queue, topic or subscription, named as in the official emulator's Config.json.
/// </summary>
public sealed record EntityProperties
{
    /// <summary>Azure's default <see cref="MaxSizeInMegabytes"/>: 1024.</summary>
    public const long DefaultMaxSizeInMegabytes = 1024;

    /// <summary>The largest <see cref="MaxSizeInMegabytes"/> the emulator accepts: 81920 (80 GB).</summary>
    public const long LargestMaxSizeInMegabytes = 81920;

    /// <summary>Whether expired messages move to the dead-letter sub-queue. Default <see langword="false"/>.</summary>
    public bool DeadLetteringOnMessageExpiration { get; init; }

    /// <summary>The time to live applied when a message sets none (or a longer one). Default: unlimited.</summary>
    public TimeSpan DefaultMessageTimeToLive { get; init; } = TimeSpan.MaxValue;

    /// <summary>How long message ids are remembered for duplicate detection. Default 10 minutes.</summary>
    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The queue or topic that receives this entity's dead-lettered messages instead of its own dead-letter queue. Default none.</summary>
    public string? ForwardDeadLetteredMessagesTo { get; init; }

    /// <summary>The queue or topic that every message arriving here is forwarded to. Default none.</summary>
    public string? ForwardTo { get; init; }

    /// <summary>How long a peek-lock receive holds a message. Default 60 seconds, as in Azure.</summary>
    /// <remarks>The emulator accepts durations below Azure's 5-second minimum so that tests can run fast.</remarks>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delivery attempts before a message is dead-lettered with reason <c>MaxDeliveryCountExceeded</c>. Default 10.</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>
    /// The most a queue or topic may hold, in megabytes, counting active, locked, deferred, scheduled and dead-lettered
    /// messages. Default 1024, as in Azure. A send that would go beyond it fails with <c>QuotaExceeded</c>.
    /// </summary>
    /// <remarks>
    /// Applies to queues and topics; a topic counts each subscription's copy of a message. Allowed: 1 to 81920 (80 GB,
    /// Azure Premium's largest). Lower it to bound the emulator's memory or to test how an application handles a full entity.
    /// </remarks>
    public long MaxSizeInMegabytes { get; init; } = DefaultMaxSizeInMegabytes;

    /// <summary>Whether messages whose MessageId was seen within the history window are dropped. Default <see langword="false"/>.</summary>
    public bool RequiresDuplicateDetection { get; init; }

    /// <summary>Whether the entity is session-aware. Default <see langword="false"/>.</summary>
    public bool RequiresSession { get; init; }
}
