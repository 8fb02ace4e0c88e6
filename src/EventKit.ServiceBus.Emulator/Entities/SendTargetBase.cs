using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>What queues and topics share on send: duplicate detection, sequence numbers, time to live and scheduling.</summary>
internal abstract class SendTargetBase : ISendTarget
{
    private readonly DuplicateDetector? duplicates;
    private EntityProperties properties;
    private long lastSequenceNumber;
    private MessageJournal? journal;

    protected SendTargetBase(string path, EntityProperties properties, TimeProvider time, EntitySizeQuota quota)
    {
        Path = path;
        this.properties = properties;
        Time = time;
        Quota = quota;
        Scheduled = new ScheduledMessages(quota);
        duplicates = properties.RequiresDuplicateDetection ? new DuplicateDetector(properties.DuplicateDetectionHistoryTimeWindow) : null;
    }

    public string Path { get; }

    public EntityProperties Properties => Volatile.Read(ref properties);

    /// <summary>Deleted when this queue or topic is deleted at run time.</summary>
    public EntityLifetime Lifetime { get; } = new();

    public ScheduledMessages Scheduled { get; }

    /// <summary>The bytes this queue or topic holds against its <see cref="EntityProperties.MaxSizeInMegabytes"/>.</summary>
    public EntitySizeQuota Quota { get; }

    public abstract MessageStore? Store { get; }

    protected TimeProvider Time { get; }

    /// <summary>Journals this entity's messages, schedules and remembered message ids from now on (an emulator with a data directory).</summary>
    public virtual void AttachJournal(MessageJournal journal)
    {
        this.journal = journal;
        Scheduled.AttachJournal(journal, Path);
    }

    /// <summary>Continues numbering after <paramref name="sequenceNumber"/>, the highest the journal says this entity gave out.</summary>
    public void RestoreSequenceNumber(long sequenceNumber) => lastSequenceNumber = Math.Max(lastSequenceNumber, sequenceNumber);

    /// <summary>Remembers a message id duplicate detection had seen before a restart; ignored when detection is off.</summary>
    public void RestoreSeenMessageId(string messageId, DateTime seenAt) => duplicates?.Remember(messageId, seenAt);

    public long Accept(BrokeredMessage message, DateTime? scheduleOverride = null)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        if (duplicates is not null && duplicates.IsDuplicate(message.System.MessageId, now))
        {
            return -1;
        }

        message.SequenceNumber = Interlocked.Increment(ref lastSequenceNumber);
        var enqueueAt = scheduleOverride ?? message.System.ScheduledEnqueueTime;
        if (enqueueAt is { } at && at > now)
        {
            Scheduled.Add(message, at);
        }
        else
        {
            Publish(message);
        }

        // After the message itself: a process stopped in between has not acknowledged the send, and the sender's retry must
        // be accepted, not dropped as a duplicate of a message that was never kept.
        if (journal is not null && duplicates is not null && message.System.MessageId is { } messageId)
        {
            journal.Seen(Path, messageId, now, duplicates.Window);
        }

        return message.SequenceNumber;
    }

    public void Publish(BrokeredMessage message)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        message.EnqueuedTime = now;
        message.State = MessageState.Active;
        var ttl = message.System.TimeToLive is { } messageTtl && messageTtl < Properties.DefaultMessageTimeToLive ? messageTtl : Properties.DefaultMessageTimeToLive;
        message.ExpiresAt = ttl >= DateTime.MaxValue - now ? DateTime.MaxValue : now + ttl;
        Distribute(message);
    }

    public void ReleaseDueScheduled()
    {
        foreach (var message in Scheduled.TakeDue(Time.GetUtcNow().UtcDateTime))
        {
            Publish(message);
            Scheduled.Released(message);
        }
    }

    /// <summary>
    /// Replaces the properties at run time (the administration endpoint's update). Whether duplicate detection and
    /// sessions are on is fixed at creation, as in Azure; the caller has checked that.
    /// </summary>
    public virtual void UpdateProperties(EntityProperties updated)
    {
        Volatile.Write(ref properties, updated);
        duplicates?.Window = updated.DuplicateDetectionHistoryTimeWindow;
        Quota.SetMaxSizeInMegabytes(updated.MaxSizeInMegabytes);
    }

    protected abstract void Distribute(BrokeredMessage message);
}
