namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// A receivable entity: a queue, a subscription, or a dead-letter sub-queue. It holds available, locked and deferred
/// messages, sessions, and attached consumers. Every operation takes this store's own lock (no global lock); work
/// that touches other entities (forwarding) and callbacks run after the lock is released.
/// </summary>
internal sealed class MessageStore
{
    private readonly object sync = new();
    private readonly StoredMessages messages;
    private readonly SortedSet<long> available = [];
    private readonly Dictionary<string, SessionQueue> sessions = new(StringComparer.Ordinal);
    private readonly MessageLocks locks = new();
    private readonly ExpirySchedule expiries = new();
    private readonly List<IMessageConsumer> consumers = [];
    private IMessageConsumer[]? consumerSnapshot;
    private readonly List<PendingSessionAccept> pendingAccepts = [];
    private readonly TimeProvider time;
    private readonly Action<string, BrokeredMessage> forward;
    private EntityProperties properties;
    private List<Action> afterLock = [];
    private int nextConsumer;

    public MessageStore(string path, EntityKind kind, EntityProperties properties, TimeProvider time, MessageStore? deadLetters, Action<string, BrokeredMessage> forward, EntitySizeQuota quota)
    {
        messages = new StoredMessages(quota);
        Path = path;
        Kind = kind;
        this.properties = properties;
        this.time = time;
        DeadLetters = deadLetters;
        this.forward = forward;
    }

    public string Path { get; }

    public EntityKind Kind { get; }

    /// <summary>The entity's properties; replaced as a whole when the entity is updated at run time.</summary>
    public EntityProperties Properties
    {
        get => Volatile.Read(ref properties);
        set => Volatile.Write(ref properties, value);
    }

    /// <summary>Deleted when the queue or subscription it belongs to is deleted.</summary>
    public EntityLifetime Lifetime { get; init; } = new();

    /// <summary>The dead-letter sub-queue, or null when this store is one.</summary>
    public MessageStore? DeadLetters { get; }

    public bool RequiresSession => Properties.RequiresSession && DeadLetters is not null;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public (long Active, long Deferred, long Locked) Counts()
    {
        lock (sync)
        {
            return (messages.Count - messages.DeferredCount, messages.DeferredCount, locks.Count);
        }
    }

    public void Enqueue(BrokeredMessage message)
    {
        lock (sync)
        {
            var now = Now;
            message.State = MessageState.Active;
            message.ClearLock();
            messages.Add(message);

            expiries.WatchMessage(message);
            MakeAvailable(message, now);
            Dispatch(now);
        }

        RunAfterLock();
    }

    /// <summary>Dead-letters a message that arrived but cannot be kept or forwarded (for example, too many transfer hops).</summary>
    public void DeadLetterOnArrival(BrokeredMessage message, string reason, string description)
    {
        lock (sync)
        {
            DeadLetter(message, reason, description);
        }

        RunAfterLock();
    }

    public void AddConsumer(IMessageConsumer consumer)
    {
        lock (sync)
        {
            AttachLocked(consumer);
        }
    }

    /// <summary>Detaches a consumer. Its message locks stay until they expire, as in Azure; a session it held is released.</summary>
    public void RemoveConsumer(IMessageConsumer consumer)
    {
        lock (sync)
        {
            DetachLocked(consumer);
            pendingAccepts.RemoveAll(p => p.Consumer == consumer);
            if (consumer.SessionId is { } sessionId && sessions.TryGetValue(sessionId, out var session) && session.Holder == consumer)
            {
                ReleaseSession(session, Now, notifyHolder: false);
            }

            Dispatch(Now);
        }

        RunAfterLock();
    }

    /// <summary>Called when a consumer was granted credit.</summary>
    public void OnCredit(IMessageConsumer consumer, long credit, bool drain)
    {
        lock (sync)
        {
            consumer.Credit = credit == uint.MaxValue ? long.MaxValue : consumer.Credit + credit;
            Dispatch(Now);
            if (drain)
            {
                consumer.Credit = 0;
            }
        }

        RunAfterLock();
    }

    /// <summary>Settles a locked message. A message held by an open transaction settles only through that <paramref name="transaction"/>.</summary>
    public SettleResult Settle(Guid lockToken, SettleOutcome outcome, object? transaction = null)
    {
        SettleResult result;
        lock (sync)
        {
            var now = Now;
            result = CheckLock(lockToken, now, out var message);
            if (result == SettleResult.Ok && message!.Transaction != transaction)
            {
                result = SettleResult.LockLost;
            }

            if (result == SettleResult.Ok)
            {
                locks.Unlock(message!);
                message!.ApplyPropertyChanges(outcome.PropertiesToModify);
                switch (outcome.Kind)
                {
                    case SettleKind.Complete:
                        Remove(message);
                        break;
                    case SettleKind.Abandon:
                        message.DeliveryCount++;
                        ReturnAfterFailedAttempt(message, now);
                        break;
                    case SettleKind.Defer:
                        messages.Defer(message);
                        break;
                    case SettleKind.DeadLetter:
                        DeadLetter(message, outcome.DeadLetterReason, outcome.DeadLetterDescription);
                        break;
                }

                Dispatch(now);
            }
        }

        RunAfterLock();
        return result;
    }

    /// <summary>Holds a locked message for <paramref name="transaction"/> until it commits (then settles it) or rolls back.</summary>
    public SettleResult Claim(Guid lockToken, object transaction)
    {
        lock (sync)
        {
            var result = CheckLock(lockToken, Now, out var message);
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
    }

    /// <summary>Whether <paramref name="transaction"/> still holds the message (a session that was released meanwhile took it back).</summary>
    public bool HoldsClaim(Guid lockToken, object transaction)
    {
        lock (sync)
        {
            return CheckLock(lockToken, Now, out var message) == SettleResult.Ok && message!.Transaction == transaction;
        }
    }

    /// <summary>Ends a rolled-back transaction's hold: the message stays locked to its receiver until its lock expires.</summary>
    public void ReleaseClaim(Guid lockToken, object transaction)
    {
        lock (sync)
        {
            if (locks.TryGet(lockToken, out var message) && message.Transaction == transaction)
            {
                message.Transaction = null;
                if (message.SessionId is null)
                {
                    expiries.WatchLock(lockToken, message.LockedUntil);
                }
            }
        }
    }

    public SettleResult RenewLock(Guid lockToken, out DateTime lockedUntil)
    {
        lock (sync)
        {
            var now = Now;
            var result = CheckLock(lockToken, now, out var message);
            lockedUntil = default;
            if (result != SettleResult.Ok)
            {
                return result;
            }

            if (message!.SessionId is { } sessionId)
            {
                lockedUntil = sessions[sessionId].LockedUntil;
                return SettleResult.Ok;
            }

            message.LockedUntil = now + Properties.LockDuration;
            expiries.WatchLock(lockToken, message.LockedUntil);
            lockedUntil = message.LockedUntil;
            return SettleResult.Ok;
        }
    }

    /// <summary>Receives deferred messages by sequence number, locking them for peek-lock.</summary>
    public SettleResult ReceiveDeferred(IReadOnlyList<long> sequenceNumbers, bool peekLock, string? sessionId, Func<BrokeredMessage, ArraySegment<byte>> encode, out List<(Guid LockToken, ArraySegment<byte> Message)> received)
    {
        received = [];
        lock (sync)
        {
            var now = Now;
            foreach (var sequenceNumber in sequenceNumbers)
            {
                if (!messages.TryGet(sequenceNumber, out var message) || message.State != MessageState.Deferred || message.IsLocked
                    || !string.Equals(message.SessionId, sessionId, StringComparison.Ordinal))
                {
                    return SettleResult.MessageNotFound;
                }
            }

            foreach (var sequenceNumber in sequenceNumbers)
            {
                var message = messages[sequenceNumber];
                if (peekLock)
                {
                    Lock(message, holder: this, now);
                }
                else
                {
                    Remove(message);
                }

                received.Add((message.LockToken, encode(message)));
            }
        }

        return SettleResult.Ok;
    }

    /// <summary>Copies messages from a sequence number on, in order, without locking them.</summary>
    public List<(long SequenceNumber, ArraySegment<byte> Message)> Peek(long fromSequenceNumber, int count, string? sessionId, Func<BrokeredMessage, ArraySegment<byte>> encode)
    {
        lock (sync)
        {
            return messages.Peek(fromSequenceNumber, count, sessionId, encode);
        }
    }

    /// <summary>Locks a session for a consumer: the given one, or any unlocked one with messages when <paramref name="sessionId"/> is null.</summary>
    /// <returns>The session, or null when none is available (the caller may then wait with <see cref="WaitForSession"/>).</returns>
    /// <exception cref="SessionCannotBeLockedException">The given session is held by another receiver.</exception>
    public SessionQueue? AcceptSession(IMessageConsumer consumer, string? sessionId)
    {
        lock (sync)
        {
            var now = Now;
            SessionQueue? session;
            if (sessionId is not null)
            {
                session = GetOrCreateSession(sessionId);
                if (session.IsHeld(now))
                {
                    throw new SessionCannotBeLockedException($"The session '{sessionId}' is locked by another receiver.");
                }

                if (session.Holder is not null)
                {
                    ReleaseSession(session, now, notifyHolder: true);
                }
            }
            else
            {
                session = FindAvailableSession(now);
                if (session is null)
                {
                    return null;
                }
            }

            LockSession(session, consumer, now);
            AttachLocked(consumer);
            return session;
        }
    }

    /// <summary>Registers a consumer that waits for any session; <paramref name="onAccepted"/> runs outside the lock.</summary>
    public void WaitForSession(IMessageConsumer consumer, Action<SessionQueue> onAccepted)
    {
        lock (sync)
        {
            var now = Now;
            var session = FindAvailableSession(now);
            if (session is null)
            {
                pendingAccepts.Add(new PendingSessionAccept(consumer, onAccepted));
                return;
            }

            LockSession(session, consumer, now);
            AttachLocked(consumer);
            afterLock.Add(() => onAccepted(session));
        }

        RunAfterLock();
    }

    /// <summary>Stops waiting for a session. Returns false when a session was already accepted.</summary>
    public bool CancelWaitForSession(IMessageConsumer consumer)
    {
        lock (sync)
        {
            return pendingAccepts.RemoveAll(p => p.Consumer == consumer) > 0;
        }
    }

    public SettleResult RenewSessionLock(string sessionId, out DateTime lockedUntil)
    {
        lock (sync)
        {
            var now = Now;
            lockedUntil = default;
            if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(now))
            {
                return SettleResult.SessionLockLost;
            }

            session.LockedUntil = now + Properties.LockDuration;
            locks.ExtendSession(sessionId, session.LockedUntil);
            lockedUntil = session.LockedUntil;
            return SettleResult.Ok;
        }
    }

    public SettleResult GetSessionState(string sessionId, out byte[]? state)
    {
        lock (sync)
        {
            state = null;
            if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(Now))
            {
                return SettleResult.SessionLockLost;
            }

            state = session.State;
            return SettleResult.Ok;
        }
    }

    public SettleResult SetSessionState(string sessionId, byte[]? state)
    {
        lock (sync)
        {
            if (!sessions.TryGetValue(sessionId, out var session) || !session.IsHeld(Now))
            {
                return SettleResult.SessionLockLost;
            }

            session.State = state;
            return SettleResult.Ok;
        }
    }

    public DateTime SessionLockedUntil(string sessionId)
    {
        lock (sync)
        {
            return sessions.TryGetValue(sessionId, out var session) ? session.LockedUntil : default;
        }
    }

    /// <summary>Expires locks, sessions and messages whose time has come.</summary>
    public void Sweep()
    {
        lock (sync)
        {
            var now = Now;
            while (expiries.TryTakeDueLock(now, out var token))
            {
                if (locks.TryGet(token, out var message) && message.SessionId is null && message.Transaction is null && message.LockedUntil <= now)
                {
                    locks.Unlock(message);
                    message.DeliveryCount++;
                    ReturnAfterFailedAttempt(message, now);
                }
            }

            while (expiries.TryTakeDueMessage(now, out var sequenceNumber))
            {
                if (messages.TryGet(sequenceNumber, out var message) && !message.IsLocked && message.ExpiresAt <= now)
                {
                    RemoveFromAvailable(message);
                    Expire(message);
                }
            }

            if (sessions.Count > 0)
            {
                foreach (var session in sessions.Values)
                {
                    if (session.Holder is not null && session.LockedUntil <= now)
                    {
                        ReleaseSession(session, now, notifyHolder: true);
                    }
                }
            }

            Dispatch(now);
        }

        RunAfterLock();
    }

    private SettleResult CheckLock(Guid lockToken, DateTime now, out BrokeredMessage? message)
    {
        if (!locks.TryGet(lockToken, out message))
        {
            return SettleResult.LockLost;
        }

        if (message.SessionId is { } sessionId)
        {
            return sessions.TryGetValue(sessionId, out var session) && session.IsHeld(now) ? SettleResult.Ok : SettleResult.SessionLockLost;
        }

        return message.LockedUntil > now || message.Transaction is not null ? SettleResult.Ok : SettleResult.LockLost;
    }

    private void Dispatch(DateTime now)
    {
        if (consumers.Count == 0)
        {
            return;
        }

        var snapshot = consumerSnapshot ??= consumers.ToArray();
        var progress = true;
        while (progress)
        {
            progress = false;
            for (var i = 0; i < snapshot.Length; i++)
            {
                var consumer = snapshot[(nextConsumer + i) % snapshot.Length];
                if (consumer.Credit <= 0 || !TryTakeNext(consumer, now, out var message))
                {
                    continue;
                }

                if (consumer.PeekLock)
                {
                    Lock(message, consumer, now);
                }
                else
                {
                    Remove(message);
                }

                consumer.Credit--;
                consumer.Deliver(message);
                progress = true;
            }

            nextConsumer = (nextConsumer + 1) % snapshot.Length;
        }
    }

    private void AttachLocked(IMessageConsumer consumer)
    {
        consumers.Add(consumer);
        consumerSnapshot = null;
    }

    private void DetachLocked(IMessageConsumer consumer)
    {
        consumers.Remove(consumer);
        consumerSnapshot = null;
    }

    private bool TryTakeNext(IMessageConsumer consumer, DateTime now, out BrokeredMessage message)
    {
        SortedSet<long>? queue;
        if (consumer.SessionId is { } sessionId)
        {
            queue = sessions.TryGetValue(sessionId, out var session) && session.Holder == consumer && session.LockedUntil > now ? session.Available : null;
        }
        else
        {
            queue = RequiresSession ? null : available;
        }

        while (queue is { Count: > 0 })
        {
            var sequenceNumber = queue.Min;
            queue.Remove(sequenceNumber);
            var candidate = messages[sequenceNumber];
            if (candidate.ExpiresAt <= now)
            {
                Expire(candidate);
                continue;
            }

            message = candidate;
            return true;
        }

        message = null!;
        return false;
    }

    private void Lock(BrokeredMessage message, object holder, DateTime now)
    {
        // A session's messages are locked with the session, so only the session lock expires (in the sweep).
        if (message.SessionId is { } sessionId && sessions.TryGetValue(sessionId, out var session) && session.Holder is not null)
        {
            locks.Lock(message, holder, session.LockedUntil);
        }
        else
        {
            locks.Lock(message, holder, now + Properties.LockDuration);
            expiries.WatchLock(message.LockToken, message.LockedUntil);
        }
    }

    private void Remove(BrokeredMessage message)
    {
        if (message.IsLocked)
        {
            locks.Unlock(message);
        }

        messages.Remove(message);
    }

    private void RemoveFromAvailable(BrokeredMessage message)
    {
        if (message.SessionId is { } sessionId && sessions.TryGetValue(sessionId, out var session))
        {
            session.Available.Remove(message.SequenceNumber);
        }
        else
        {
            available.Remove(message.SequenceNumber);
        }
    }

    private void MakeAvailable(BrokeredMessage message, DateTime now)
    {
        if (message.ExpiresAt <= now)
        {
            Expire(message);
            return;
        }

        if (RequiresSession && message.SessionId is null)
        {
            DeadLetter(message, DeadLetterReasons.SessionIdIsNull, "Session enabled entity doesn't allow a message whose session identifier is null.");
            return;
        }

        if (RequiresSession && message.SessionId is { } sessionId)
        {
            var session = GetOrCreateSession(sessionId);
            session.Available.Add(message.SequenceNumber);
            if (!session.IsHeld(now) && pendingAccepts.Count > 0)
            {
                var pending = pendingAccepts[0];
                pendingAccepts.RemoveAt(0);
                if (session.Holder is not null)
                {
                    ReleaseSession(session, now, notifyHolder: true);
                }

                LockSession(session, pending.Consumer, now);
                AttachLocked(pending.Consumer);
                afterLock.Add(() => pending.OnAccepted(session));
            }
        }
        else
        {
            available.Add(message.SequenceNumber);
        }
    }

    private void ReturnAfterFailedAttempt(BrokeredMessage message, DateTime now)
    {
        if (message.State == MessageState.Deferred)
        {
            return;
        }

        if (DeadLetters is not null && message.DeliveryCount >= Properties.MaxDeliveryCount)
        {
            DeadLetter(message, DeadLetterReasons.MaxDeliveryCountExceeded, $"Message could not be consumed after {Properties.MaxDeliveryCount} delivery attempts.");
            return;
        }

        MakeAvailable(message, now);
    }

    private void Expire(BrokeredMessage message)
    {
        if (Properties.DeadLetteringOnMessageExpiration && DeadLetters is not null)
        {
            DeadLetter(message, DeadLetterReasons.TimeToLiveExpired, "The message expired and was dead lettered.");
        }
        else
        {
            Remove(message);
        }
    }

    private void DeadLetter(BrokeredMessage message, string? reason, string? description)
    {
        Remove(message);
        if (DeadLetters is null)
        {
            return;
        }

        var copy = message.CopyForEntity();
        copy.DeadLetterSource = Path;
        if (reason is not null)
        {
            copy.UserProperties[DeadLetterReasons.ReasonProperty] = reason;
        }

        if (description is not null)
        {
            copy.UserProperties[DeadLetterReasons.DescriptionProperty] = description;
        }

        copy.UserPropertiesChanged = true;
        copy.ExpiresAt = DateTime.MaxValue;
        if (Properties.ForwardDeadLetteredMessagesTo is { } target)
        {
            afterLock.Add(() => forward(target, copy));
        }
        else
        {
            DeadLetters.Enqueue(copy);
        }
    }

    private SessionQueue GetOrCreateSession(string sessionId)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            session = new SessionQueue(sessionId);
            sessions.Add(sessionId, session);
        }

        return session;
    }

    private SessionQueue? FindAvailableSession(DateTime now)
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
            ReleaseSession(best, now, notifyHolder: true);
        }

        return best;
    }

    private void LockSession(SessionQueue session, IMessageConsumer consumer, DateTime now)
    {
        session.Holder = consumer;
        session.LockedUntil = now + Properties.LockDuration;
        consumer.BindSession(session.Id);
    }

    /// <summary>Releases a session: its locked messages return (a failed attempt each), and its holder is told when the lock was lost.</summary>
    private void ReleaseSession(SessionQueue session, DateTime now, bool notifyHolder)
    {
        var holder = session.Holder;
        session.Holder = null;
        if (holder is not null)
        {
            DetachLocked(holder);
            if (notifyHolder)
            {
                afterLock.Add(holder.OnSessionLockLost);
            }
        }

        foreach (var message in locks.InSession(session.Id))
        {
            locks.Unlock(message);
            message.DeliveryCount++;
            ReturnAfterFailedAttempt(message, now);
        }

        if (session.Available.Count == 0 && session.State is null && !locks.AnyInSession(session.Id)
            && !messages.AnyInSession(session.Id))
        {
            sessions.Remove(session.Id);
        }
        else if (session.Available.Count > 0 && pendingAccepts.Count > 0)
        {
            var pending = pendingAccepts[0];
            pendingAccepts.RemoveAt(0);
            LockSession(session, pending.Consumer, now);
            AttachLocked(pending.Consumer);
            afterLock.Add(() => pending.OnAccepted(session));
        }
    }

    private void RunAfterLock()
    {
        List<Action> actions;
        lock (sync)
        {
            if (afterLock.Count == 0)
            {
                return;
            }

            actions = afterLock;
            afterLock = [];
        }

        foreach (var action in actions)
        {
            action();
        }
    }
}
