namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The deadlines a <see cref="MessageStore"/> sweep acts on: when each peek-lock runs out and when each message's time
/// to live ends. It answers which locks and messages have expired; what happens to them then (another delivery attempt,
/// dead-lettering) stays with the store. Guarded by the store lock.
/// </summary>
/// <remarks>
/// Deadlines are hints, never removed early: a renewed lock or a settled message leaves its old deadline behind, and the
/// message is checked again when that deadline comes. That keeps renewing and settling O(log n) instead of a search.
/// </remarks>
internal sealed class ExpirySchedule(LockedMessages locks, StoredMessages messages, Func<bool> bySession)
{
    private readonly PriorityQueue<Guid, DateTime> lockDeadlines = new();
    private readonly PriorityQueue<long, DateTime> messageDeadlines = new();

    /// <summary>Remembers when the lock <paramref name="lockToken"/> runs out.</summary>
    public void WatchLock(Guid lockToken, DateTime lockedUntil) => lockDeadlines.Enqueue(lockToken, lockedUntil);

    /// <summary>Remembers when <paramref name="message"/> expires, unless it lives forever.</summary>
    public void WatchMessage(BrokeredMessage message)
    {
        if (message.ExpiresAt != DateTime.MaxValue)
        {
            messageDeadlines.Enqueue(message.SequenceNumber, message.ExpiresAt);
        }
    }

    /// <summary>Takes the next locked message whose lock ran out by <paramref name="now"/>.</summary>
    /// <remarks>
    /// A session's messages are skipped (where sessions are on): they are locked with the session, whose lock the sweep checks itself. So is a
    /// message claimed by an open transaction: the transaction decides its fate, and a rollback watches the lock again.
    /// </remarks>
    public bool TryTakeExpiredLock(DateTime now, out BrokeredMessage message)
    {
        while (lockDeadlines.TryPeek(out var lockToken, out var when) && when <= now)
        {
            lockDeadlines.Dequeue();
            if (locks.TryGet(lockToken, out message) && (message.SessionId is null || !bySession()) && message.Transaction is null && message.LockedUntil <= now)
            {
                return true;
            }
        }

        message = null!;
        return false;
    }

    /// <summary>Takes the next held, unlocked message whose time to live ended by <paramref name="now"/>.</summary>
    /// <remarks>A locked message is left to its receiver; it expires when it next becomes available.</remarks>
    public bool TryTakeExpiredMessage(DateTime now, out BrokeredMessage message)
    {
        while (messageDeadlines.TryPeek(out var sequenceNumber, out var expiresAt) && expiresAt <= now)
        {
            messageDeadlines.Dequeue();
            if (messages.TryGet(sequenceNumber, out message) && !message.IsLocked && message.ExpiresAt <= now)
            {
                return true;
            }
        }

        message = null!;
        return false;
    }
}
