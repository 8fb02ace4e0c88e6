using System.Diagnostics.CodeAnalysis;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The sessions of a session-aware <see cref="MessageStore"/>: which receiver holds which session until when, what state
/// each carries, and which receivers wait for any session. Guarded by the store lock. Releasing a session hands its
/// locked messages back to the store (<c>returnMessage</c>), which owns delivery counts and dead-lettering.
/// </summary>
internal sealed class SessionTable(
    LockedMessages locks,
    StoredMessages messages,
    ConsumerRotation consumers,
    AfterLockActions afterLock,
    Func<TimeSpan> lockDuration,
    Action<BrokeredMessage, DateTime> returnMessage)
{
    private readonly Dictionary<string, SessionQueue> sessions = new(StringComparer.Ordinal);

    // Receivers that asked for "any session" while none was free, served first come, first served.
    private readonly List<PendingSessionAccept> waiting = [];

    public bool TryGet(string sessionId, [NotNullWhen(true)] out SessionQueue? session) => sessions.TryGetValue(sessionId, out session);

    /// <summary>Whether a receiver holds <paramref name="sessionId"/> with a lock that has not run out.</summary>
    public bool IsHeld(string sessionId, DateTime now) => sessions.TryGetValue(sessionId, out var session) && session.IsHeld(now);

    /// <summary>The messages <paramref name="consumer"/> may take from its session, or null when it no longer holds one.</summary>
    public SortedSet<long>? AvailableTo(IMessageConsumer consumer, string sessionId, DateTime now) =>
        sessions.TryGetValue(sessionId, out var session) && session.Holder == consumer && session.LockedUntil > now ? session.Available : null;

    /// <summary>Locks a session for a consumer: the given one, or the one with the oldest message when <paramref name="sessionId"/> is null.</summary>
    /// <returns>The session, or null when none is available.</returns>
    /// <exception cref="SessionCannotBeLockedException">The given session is held by another receiver.</exception>
    public SessionQueue? Accept(IMessageConsumer consumer, string? sessionId, DateTime now)
    {
        SessionQueue? session;
        if (sessionId is not null)
        {
            session = GetOrCreate(sessionId);
            if (session.IsHeld(now))
            {
                throw new SessionCannotBeLockedException($"The session '{sessionId}' is locked by another receiver.");
            }

            if (session.Holder is not null)
            {
                Release(session, now, notifyHolder: true);
            }
        }
        else
        {
            session = TakeOldestAvailable(now);
            if (session is null)
            {
                return null;
            }
        }

        Grant(session, consumer, now);
        return session;
    }

    /// <summary>Grants the oldest available session to <paramref name="pending"/>, or keeps it waiting for the next one.</summary>
    public void AcceptOrWait(PendingSessionAccept pending, DateTime now)
    {
        if (TakeOldestAvailable(now) is { } session)
        {
            Grant(session, pending, now);
        }
        else
        {
            waiting.Add(pending);
        }
    }

    /// <summary>How many receivers wait for a session (for tests and diagnostics).</summary>
    public int WaitingCount => waiting.Count;

    /// <summary>Stops <paramref name="consumer"/> waiting; false when it was not waiting (a session was already granted).</summary>
    public bool StopWaiting(IMessageConsumer consumer) => waiting.RemoveAll(p => p.Consumer == consumer) > 0;

    /// <summary>Queues a message of <paramref name="sessionId"/> in its session, and grants the session to a waiting receiver if it is free.</summary>
    public void MakeAvailable(BrokeredMessage message, string sessionId, DateTime now)
    {
        var session = GetOrCreate(sessionId);
        session.Available.Add(message.SequenceNumber);
        if (!session.IsHeld(now) && TryTakeWaiting(out var pending))
        {
            if (session.Holder is not null)
            {
                Release(session, now, notifyHolder: true);
            }

            Grant(session, pending, now);
        }
    }

    /// <summary>Takes a message out of its session's queue (it expired while waiting there); false when there is no such session.</summary>
    public bool RemoveAvailable(BrokeredMessage message, string sessionId)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return false;
        }

        session.Available.Remove(message.SequenceNumber);
        return true;
    }

    /// <summary>How long a message of <paramref name="sessionId"/> is locked: as long as its session, or null when no receiver holds it.</summary>
    public DateTime? HeldUntil(string sessionId) =>
        sessions.TryGetValue(sessionId, out var session) && session.Holder is not null ? session.LockedUntil : null;

    /// <summary>Releases the session <paramref name="consumer"/> holds, quietly: the consumer is detaching.</summary>
    public void ReleaseHeldBy(IMessageConsumer consumer, DateTime now)
    {
        if (consumer.SessionId is { } sessionId && sessions.TryGetValue(sessionId, out var session) && session.Holder == consumer)
        {
            Release(session, now, notifyHolder: false);
        }
    }

    /// <summary>Releases every session whose lock ran out, telling its holder.</summary>
    public void ReleaseExpired(DateTime now)
    {
        // Release may forget a session while this walks the dictionary, which is allowed; it never adds one.
        foreach (var session in sessions.Values)
        {
            if (session.Holder is not null && session.LockedUntil <= now)
            {
                Release(session, now, notifyHolder: true);
            }
        }
    }

    /// <summary>Extends a held session's lock, and with it the locks of the session's messages.</summary>
    public SettleResult Renew(string sessionId, DateTime now, out DateTime lockedUntil)
    {
        lockedUntil = default;
        if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(now))
        {
            return SettleResult.SessionLockLost;
        }

        session.LockedUntil = now + lockDuration();
        locks.ExtendSession(sessionId, session.LockedUntil);
        lockedUntil = session.LockedUntil;
        return SettleResult.Ok;
    }

    /// <summary>Reads a session's state; only its holder may, as in Azure.</summary>
    public SettleResult GetState(string sessionId, DateTime now, out byte[]? state)
    {
        state = null;
        if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(now))
        {
            return SettleResult.SessionLockLost;
        }

        state = session.State;
        return SettleResult.Ok;
    }

    /// <summary>Replaces a session's state; only its holder may, as in Azure.</summary>
    public SettleResult SetState(string sessionId, byte[]? state, DateTime now)
    {
        if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(now))
        {
            return SettleResult.SessionLockLost;
        }

        session.State = state;
        return SettleResult.Ok;
    }

    /// <summary>Sets a session's state replayed from the journal; no receiver holds the session yet.</summary>
    public void RestoreState(string sessionId, byte[] state) => GetOrCreate(sessionId).State = state;

    public DateTime LockedUntil(string sessionId) => sessions.TryGetValue(sessionId, out var session) ? session.LockedUntil : default;

    private SessionQueue GetOrCreate(string sessionId)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            session = new SessionQueue(sessionId);
            sessions.Add(sessionId, session);
        }

        return session;
    }

    /// <summary>
    /// The unheld session whose oldest available message is oldest overall, so that no session starves, taken over from
    /// a holder whose lock ran out; null when no unheld session has messages.
    /// </summary>
    private SessionQueue? TakeOldestAvailable(DateTime now)
    {
        SessionQueue? best = null;
        foreach (var session in sessions.Values)
        {
            if (session.Available.Count > 0 && !session.IsHeld(now) && (best is null || session.Available.Min < best.Available.Min))
            {
                best = session;
            }
        }

        if (best is { Holder: not null })
        {
            Release(best, now, notifyHolder: true);
        }

        return best;
    }

    private bool TryTakeWaiting([NotNullWhen(true)] out PendingSessionAccept? pending)
    {
        if (waiting.Count == 0)
        {
            pending = null;
            return false;
        }

        pending = waiting[0];
        waiting.RemoveAt(0);
        return true;
    }

    private void Grant(SessionQueue session, IMessageConsumer consumer, DateTime now)
    {
        session.Holder = consumer;
        session.LockedUntil = now + lockDuration();
        consumer.BindSession(session.Id);
        consumers.Add(consumer);
    }

    /// <summary>Grants a session to a waiting receiver, which learns of it once the store lock is released.</summary>
    private void Grant(SessionQueue session, PendingSessionAccept pending, DateTime now)
    {
        Grant(session, pending.Consumer, now);
        afterLock.Add(() => pending.OnAccepted(session));
    }

    /// <summary>Releases a session: its locked messages return (a failed attempt each), and its holder is told when the lock was lost.</summary>
    private void Release(SessionQueue session, DateTime now, bool notifyHolder)
    {
        var holder = session.Holder;
        session.Holder = null;
        if (holder is not null)
        {
            consumers.Remove(holder);
            if (notifyHolder)
            {
                afterLock.Add(holder.OnSessionLockLost);
            }
        }

        foreach (var message in locks.InSession(session.Id))
        {
            returnMessage(message, now);
        }

        // A session with nothing left is forgotten, so that ended sessions do not pile up; one with messages goes to
        // the receiver that has waited longest, unless returning its locked messages above already granted it to one.
        if (session.Available.Count == 0 && session.State is null && !locks.AnyInSession(session.Id) && !messages.AnyInSession(session.Id))
        {
            sessions.Remove(session.Id);
        }
        else if (session.Holder is null && session.Available.Count > 0 && TryTakeWaiting(out var pending))
        {
            Grant(session, pending, now);
        }
    }
}
