namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// The properties of a queue, topic or subscription, named as in the official emulator's Config.json.
/// </summary>
public sealed class EntityProperties
{
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

    /// <summary>Whether messages whose MessageId was seen within the history window are dropped. Default <see langword="false"/>.</summary>
    public bool RequiresDuplicateDetection { get; init; }

    /// <summary>Whether the entity is session-aware. Default <see langword="false"/>.</summary>
    public bool RequiresSession { get; init; }
}
