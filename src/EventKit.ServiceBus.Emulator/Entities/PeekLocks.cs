namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// What a lock token allows and for how long: locking a message for a receiver, checking a token before a settlement,
/// renewing it, and handing the locked message to a transaction. Guarded by the store lock.
/// </summary>
/// <remarks>
/// A session's messages are locked with their session: they stay locked exactly as long as the session, and only the
/// session lock is renewed or expires. A message claimed by an open transaction stays locked past its lock's end,
/// because the transaction, not the clock, decides whether it is settled. Where sessions are off (an entity without
/// them, or any dead-letter queue), a message's SessionId is only a property, as in Service Bus.
/// </remarks>
internal sealed class PeekLocks(LockedMessages locks, SessionTable sessions, ExpirySchedule expiries, Func<TimeSpan> lockDuration, Func<bool> bySession)
{
    /// <summary>Locks <paramref name="message"/> for <paramref name="holder"/>: with its session when one is held, else for the entity's lock duration.</summary>
    public void Lock(BrokeredMessage message, object holder, DateTime now)
    {
        if (SessionOf(message) is { } sessionId && sessions.HeldUntil(sessionId) is { } sessionLockedUntil)
        {
            locks.Lock(message, holder, sessionLockedUntil);
        }
        else
        {
            locks.Lock(message, holder, now + lockDuration());
            expiries.WatchLock(message.LockToken, message.LockedUntil);
        }
    }

    /// <summary>Whether <paramref name="lockToken"/> still locks a message, and which.</summary>
    public SettleResult Check(Guid lockToken, DateTime now, out BrokeredMessage? message)
    {
        if (!locks.TryGet(lockToken, out var found))
        {
            message = null;
            return SettleResult.LockLost;
        }

        message = found;
        if (SessionOf(found) is { } sessionId)
        {
            return sessions.IsHeld(sessionId, now) ? SettleResult.Ok : SettleResult.SessionLockLost;
        }

        return found.LockedUntil > now || found.Transaction is not null ? SettleResult.Ok : SettleResult.LockLost;
    }

    /// <summary>Checks a token before a settlement: a message claimed by an open transaction settles only through that <paramref name="transaction"/>.</summary>
    public SettleResult CheckSettle(Guid lockToken, object? transaction, DateTime now, out BrokeredMessage? message)
    {
        var result = Check(lockToken, now, out message);
        return result == SettleResult.Ok && message!.Transaction != transaction ? SettleResult.LockLost : result;
    }

    /// <summary>Extends a lock by the entity's lock duration; a session's message reports its session's lock instead.</summary>
    public SettleResult Renew(Guid lockToken, DateTime now, out DateTime lockedUntil)
    {
        var result = Check(lockToken, now, out var message);
        lockedUntil = default;
        if (result != SettleResult.Ok)
        {
            return result;
        }

        if (SessionOf(message!) is { } sessionId)
        {
            lockedUntil = sessions.LockedUntil(sessionId);
            return SettleResult.Ok;
        }

        message!.LockedUntil = now + lockDuration();
        expiries.WatchLock(lockToken, message.LockedUntil);
        lockedUntil = message.LockedUntil;
        return SettleResult.Ok;
    }

    /// <summary>Hands a locked message to <paramref name="transaction"/>; a message already claimed by one is refused.</summary>
    public SettleResult Claim(Guid lockToken, object transaction, DateTime now)
    {
        var result = Check(lockToken, now, out var message);
        if (result == SettleResult.Ok && message!.Transaction is not null)
        {
            return SettleResult.LockLost;
        }

        if (result == SettleResult.Ok)
        {
            message!.Transaction = transaction;
        }

        return result;
    }

    public bool HoldsClaim(Guid lockToken, object transaction, DateTime now) =>
        Check(lockToken, now, out var message) == SettleResult.Ok && message!.Transaction == transaction;

    /// <summary>Ends <paramref name="transaction"/>'s claim: from now on the lock can run out again.</summary>
    public void ReleaseClaim(Guid lockToken, object transaction)
    {
        if (locks.TryGet(lockToken, out var message) && message.Transaction == transaction)
        {
            message.Transaction = null;
            if (SessionOf(message) is null)
            {
                expiries.WatchLock(lockToken, message.LockedUntil);
            }
        }
    }

    private string? SessionOf(BrokeredMessage message) => bySession() ? message.SessionId : null;
}
