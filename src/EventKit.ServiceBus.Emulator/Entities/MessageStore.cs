using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// A receivable entity: a queue, a subscription, or a dead-letter sub-queue. It holds available, locked and deferred
/// messages, sessions, and attached consumers. Every operation takes this store's own lock (no global lock); work
/// that touches other entities (forwarding) and callbacks run after the lock is released.
/// </summary>
/// <remarks>
/// The store decides what happens to a message: delivered, returned after a failed attempt, expired or dead-lettered.
/// The bookkeeping lives in parts it calls under its one lock, none of which locks itself: <see cref="StoredMessages"/>,
/// <see cref="LockedMessages"/>, <see cref="PeekLocks"/>, <see cref="AvailableMessages"/>, <see cref="SessionTable"/> (which
/// receivers reach through <see cref="StoreSessions"/>), <see cref="ExpirySchedule"/>, <see cref="ConsumerRotation"/>,
/// <see cref="DeadLetterRoute"/>, <see cref="AfterLockActions"/>.
/// </remarks>
internal sealed class MessageStore
{
    private readonly object sync = new();
    private readonly StoredMessages messages;
    private readonly AvailableMessages available;
    private readonly LockedMessages locks = new();
    private readonly ExpirySchedule expiries;
    private readonly SessionTable sessions;
    private readonly PeekLocks peekLocks;
    private readonly DeadLetterRoute deadLetterRoute;
    private readonly ConsumerRotation consumers = new();
    private readonly TimeProvider time;
    private readonly AfterLockActions afterLock = new();
    private readonly Func<IMessageConsumer, DateTime, bool> deliverNext;
    private EntityProperties properties;
    private MessageJournal? journal;

    public MessageStore(string path, EntityKind kind, EntityProperties properties, TimeProvider time, MessageStore? deadLetters, Action<string, BrokeredMessage> forward, EntitySizeQuota quota)
    {
        messages = new StoredMessages(quota, locks);
        expiries = new ExpirySchedule(locks, messages, () => RequiresSession);
        sessions = new SessionTable(locks, messages, consumers, afterLock, () => Properties.LockDuration, ReturnAfterFailedAttempt);
        available = new AvailableMessages(sessions);
        peekLocks = new PeekLocks(locks, sessions, expiries, () => Properties.LockDuration, () => RequiresSession);
        deadLetterRoute = new DeadLetterRoute(path, deadLetters, forward, afterLock);
        deliverNext = DeliverNext;
        Path = path;
        Kind = kind;
        this.properties = properties;
        this.time = time;
        DeadLetters = deadLetters;
        Sessions = new StoreSessions(sync, sessions, path, time, RunAfterLock);
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

    /// <summary>This store's sessions, under this store's lock (session-aware stores only hold any).</summary>
    public StoreSessions Sessions { get; }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Journals this store's messages and session states from now on (an emulator with a data directory).</summary>
    public void AttachJournal(MessageJournal journal)
    {
        this.journal = journal;
        messages.AttachJournal(journal, Path);
        Sessions.AttachJournal(journal);
    }

    /// <summary>
    /// Holds a message replayed from the journal: deferred, available, or, when a receiver held its lock as the process
    /// stopped, returned after a failed attempt, as an expired lock is.
    /// </summary>
    public void Restore(BrokeredMessage message, bool wasLocked)
    {
        lock (sync)
        {
            var now = Now;
            var deferred = message.State == MessageState.Deferred;
            message.State = MessageState.Active;
            messages.Add(message);
            expiries.WatchMessage(message);
            if (deferred)
            {
                messages.Defer(message);
            }

            if (wasLocked)
            {
                ReturnAfterFailedAttempt(message, now);
            }
            else if (!deferred)
            {
                MakeAvailable(message, now);
            }
        }

        RunAfterLock();
    }

    public (long Active, long Deferred, long Locked, int WaitingSessionReceivers) Counts()
    {
        lock (sync)
        {
            return (messages.Count - messages.DeferredCount, messages.DeferredCount, locks.Count, sessions.WaitingCount);
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
            consumers.Add(consumer);
        }
    }

    /// <summary>Detaches a consumer. Its message locks stay until they expire, as in Azure; a session it held is released.</summary>
    public void RemoveConsumer(IMessageConsumer consumer)
    {
        lock (sync)
        {
            consumers.Remove(consumer);
            sessions.StopWaiting(consumer);
            sessions.ReleaseHeldBy(consumer, Now);
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
            result = peekLocks.CheckSettle(lockToken, transaction, now, out var message);
            if (result == SettleResult.Ok)
            {
                locks.Unlock(message!);
                message!.ApplyPropertyChanges(outcome.PropertiesToModify);
                if (journal is not null && outcome.PropertiesToModify is { Count: > 0 } && outcome.Kind is SettleKind.Abandon or SettleKind.Defer or SettleKind.Release)
                {
                    messages.Journal(message, propertiesChanged: true);
                }

                switch (outcome.Kind)
                {
                    case SettleKind.Complete:
                        messages.Remove(message);
                        break;
                    case SettleKind.Abandon:
                        ReturnAfterFailedAttempt(message, now);
                        break;
                    case SettleKind.Release:
                        messages.Journal(message);
                        if (message.State != MessageState.Deferred)
                        {
                            MakeAvailable(message, now);
                        }

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
            return peekLocks.Claim(lockToken, transaction, Now);
        }
    }

    /// <summary>Whether <paramref name="transaction"/> still holds the message (a session that was released meanwhile took it back).</summary>
    public bool HoldsClaim(Guid lockToken, object transaction)
    {
        lock (sync)
        {
            return peekLocks.HoldsClaim(lockToken, transaction, Now);
        }
    }

    /// <summary>Ends a rolled-back transaction's hold: the message stays locked to its receiver until its lock expires.</summary>
    public void ReleaseClaim(Guid lockToken, object transaction)
    {
        lock (sync)
        {
            peekLocks.ReleaseClaim(lockToken, transaction);
        }
    }

    public SettleResult RenewLock(Guid lockToken, out DateTime lockedUntil)
    {
        lock (sync)
        {
            return peekLocks.Renew(lockToken, Now, out lockedUntil);
        }
    }

    /// <summary>Receives deferred messages by sequence number, locking them for peek-lock.</summary>
    public SettleResult ReceiveDeferred(IReadOnlyList<long> sequenceNumbers, bool peekLock, string? sessionId, Func<BrokeredMessage, ArraySegment<byte>> encode, out List<(Guid LockToken, ArraySegment<byte> Message)> received)
    {
        received = [];
        lock (sync)
        {
            var now = Now;
            if (messages.FindDeferred(sequenceNumbers, sessionId) is not { } deferred)
            {
                return SettleResult.MessageNotFound;
            }

            foreach (var message in deferred)
            {
                if (peekLock)
                {
                    peekLocks.Lock(message, holder: this, now);
                    messages.Journal(message);
                }
                else
                {
                    messages.Remove(message);
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

    /// <summary>Expires locks, sessions and messages whose time has come.</summary>
    public void Sweep()
    {
        lock (sync)
        {
            var now = Now;
            while (expiries.TryTakeExpiredLock(now, out var lockedMessage))
            {
                ReturnAfterFailedAttempt(lockedMessage, now);
            }

            while (expiries.TryTakeExpiredMessage(now, out var expiredMessage))
            {
                available.Remove(expiredMessage);
                Expire(expiredMessage);
            }

            sessions.ReleaseExpired(now);
            Dispatch(now);
        }

        RunAfterLock();
    }

    /// <summary>Hands available messages to consumers with credit, in turn, until no consumer can take more.</summary>
    private void Dispatch(DateTime now) => consumers.DeliverInTurn(now, deliverNext);

    private bool DeliverNext(IMessageConsumer consumer, DateTime now)
    {
        if (!TryTakeNext(consumer, now, out var message))
        {
            return false;
        }

        if (consumer.PeekLock)
        {
            peekLocks.Lock(message, consumer, now);
            messages.Journal(message);
        }
        else
        {
            messages.Remove(message);
        }

        consumer.Credit--;
        consumer.Deliver(message);
        return true;
    }

    private bool TryTakeNext(IMessageConsumer consumer, DateTime now, out BrokeredMessage message)
    {
        var queue = available.For(consumer, RequiresSession, now);
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

        available.Add(message, RequiresSession, now);
    }

    /// <summary>Unlocks a message after a failed attempt (abandoned, lock or session lost) and makes it available again, or dead-letters it after the last allowed attempt.</summary>
    private void ReturnAfterFailedAttempt(BrokeredMessage message, DateTime now)
    {
        locks.Unlock(message);
        message.DeliveryCount++;
        messages.Journal(message);
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
            messages.Remove(message);
        }
    }

    private void DeadLetter(BrokeredMessage message, string? reason, string? description)
    {
        messages.Remove(message);
        deadLetterRoute.Send(message, reason, description, Properties.ForwardDeadLetteredMessagesTo);
    }

    private void RunAfterLock()
    {
        List<Action>? actions;
        lock (sync)
        {
            actions = afterLock.TakeAll();
        }

        foreach (var action in actions ?? [])
        {
            action();
        }
    }
}
