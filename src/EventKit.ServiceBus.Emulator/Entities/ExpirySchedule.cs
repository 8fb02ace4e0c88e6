namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The deadlines a <see cref="MessageStore"/> sweep acts on: when each peek-lock runs out and when each message's time
/// to live ends. Guarded by the store lock.
/// </summary>
/// <remarks>
/// Entries are hints, never removed early: a renewed lock or a settled message leaves its old entry behind, so the store
/// re-checks the message when an entry comes due. That keeps renewals and settlements O(log n) instead of a search.
/// </remarks>
internal sealed class ExpirySchedule
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

    /// <summary>Takes the next lock deadline that is due at <paramref name="now"/>; the lock may have been settled or renewed since.</summary>
    public bool TryTakeDueLock(DateTime now, out Guid lockToken)
    {
        if (lockDeadlines.TryPeek(out lockToken, out var when) && when <= now)
        {
            lockDeadlines.Dequeue();
            return true;
        }

        return false;
    }

    /// <summary>Takes the next message deadline that is due at <paramref name="now"/>; the message may be gone or locked since.</summary>
    public bool TryTakeDueMessage(DateTime now, out long sequenceNumber)
    {
        if (messageDeadlines.TryPeek(out sequenceNumber, out var expiresAt) && expiresAt <= now)
        {
            messageDeadlines.Dequeue();
            return true;
        }

        return false;
    }
}
