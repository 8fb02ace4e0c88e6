namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>What one journal record says. The numbers are the file format: never renumber them.</summary>
internal enum JournalRecordKind : byte
{
    /// <summary>A queue, subscription or dead-letter queue holds a message (sent, copied, or restored).</summary>
    MessageStored = 1,

    /// <summary>A held message is gone: completed, received and deleted, dead-lettered, expired.</summary>
    MessageRemoved = 2,

    /// <summary>A held message's delivery count, deferral or lock changed.</summary>
    MessageStateChanged = 3,

    /// <summary>A settlement changed a held message's application properties.</summary>
    MessagePropertiesChanged = 4,

    /// <summary>A queue or topic holds a scheduled message.</summary>
    MessageScheduled = 5,

    /// <summary>A scheduled message was cancelled, or was enqueued when its time came.</summary>
    MessageUnscheduled = 6,

    /// <summary>A queue or topic with duplicate detection accepted a message id.</summary>
    MessageIdSeen = 7,

    /// <summary>A session's state was set (or cleared).</summary>
    SessionStateSet = 8,

    /// <summary>The highest sequence number an entity has given out (written by compaction).</summary>
    SequenceNumberReached = 9,
}
