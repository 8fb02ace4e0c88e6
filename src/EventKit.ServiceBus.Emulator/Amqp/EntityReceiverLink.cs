using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Transactions;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transaction;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// A client's receiving link from a queue, subscription or dead-letter queue: takes credit, delivers messages with
/// their lock token as delivery tag, and settles them from the client's dispositions. A disposition in a transaction
/// is enlisted in it: the message stays locked until the transaction commits (then it is settled) or rolls back.
/// </summary>
internal sealed class EntityReceiverLink : IMessageConsumer
{
    private const string LockLostDescription = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.";
    private const string SessionLockLostDescription = "The session lock has expired on the MessageSession. Accept a new MessageSession.";
    private readonly SendingAmqpLink link;
    private readonly MessageStore store;
    private readonly TransactionCoordinator transactions;
    private readonly EmulatorFaults faults;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly object replies = new();
    private readonly Action sendHeldReply;
    private PendingReply? heldReply;
    private bool replyScheduled;
    private ITimer? sessionWaitTimer;
    private bool sessionLockLost;

    public EntityReceiverLink(SendingAmqpLink link, MessageStore store, TransactionCoordinator transactions, EmulatorFaults faults, TimeProvider time, ILogger logger)
    {
        this.link = link;
        this.store = store;
        this.transactions = transactions;
        this.faults = faults;
        this.time = time;
        this.logger = logger;
        PeekLock = link.Settings.SettleType != SettleMode.SettleOnSend;
        sendHeldReply = SendHeldReply;
    }

    public long Credit { get; set; }

    public bool PeekLock { get; }

    public string? SessionId { get; private set; }

    public void BindSession(string sessionId) => SessionId = sessionId;

    /// <summary>Attaches to the store, accepting a session first for session receivers (possibly waiting for one).</summary>
    public void Open(LinkOpenResult result, TimeSpan timeout, TimeProvider time)
    {
        var source = (Source)link.Settings.Source;
        object? requestedSession = null;
        var isSessionReceiver = source.FilterSet is { } filters && filters.TryGetValue(new MapKey(new AmqpSymbol(MessageAnnotationNames.SessionFilter)), out requestedSession);
        if (isSessionReceiver != store.RequiresSession)
        {
            throw AmqpConditions.Exception(AmqpConditions.NotAllowed, isSessionReceiver
                ? $"It is not possible for an entity that does not require sessions ('{store.Path}') to create a session receiver."
                : $"It is not possible for an entity that requires sessions ('{store.Path}') to create a non-sessionful message receiver.");
        }

        link.RegisterCreditListener((credit, drain, _) => Contain(() => store.OnCredit(this, credit, drain)));
        link.RegisterDispositionListener(delivery => Contain(() => OnDisposition(delivery)));
        link.Closed += (_, _) =>
        {
            sessionWaitTimer?.Dispose();
            store.RemoveConsumer(this);
            logger.LinkDetached(link.Name);
        };

        if (!isSessionReceiver)
        {
            store.AddConsumer(this);
            result.Complete(null, synchronously: true);
            return;
        }

        SessionQueue? session;
        try
        {
            session = store.Sessions.Accept(this, requestedSession as string);
        }
        catch (SessionCannotBeLockedException exception)
        {
            throw AmqpConditions.Exception(AmqpConditions.SessionCannotBeLocked, exception.Message);
        }

        if (session is not null)
        {
            PublishSession(session);
            result.Complete(null, synchronously: true);
            return;
        }

        var wait = ServerWaitTime(timeout);
        sessionWaitTimer = time.CreateTimer(
            _ => Contain(() =>
            {
                if (store.Sessions.CancelWait(this))
                {
                    result.Complete(AmqpConditions.Exception(AmqpConditions.Timeout, $"No session available to accept on '{store.Path}' within {wait.TotalSeconds:0.#} seconds."), synchronously: false);
                }
            }),
            null,
            wait,
            Timeout.InfiniteTimeSpan);
        store.Sessions.Wait(this, accepted => Contain(() =>
        {
            sessionWaitTimer?.Dispose();
            PublishSession(accepted);
            result.Complete(null, synchronously: false);
        }));
    }

    public void Deliver(BrokeredMessage message)
    {
        AmqpMessage wire;
        Guid tag;
        try
        {
            wire = MessageCodec.Encode(message);
            tag = PeekLock ? message.LockToken : UniqueIds.NewGuid();
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            Credit = 0;
            return;
        }

        if (faults.TakeDeliveryDelay() is { } delay)
        {
            // The injected delay: the message was encoded as it was taken (its lock token and locked-until), so it arrives
            // late as it would over a slow network; if its lock has expired by then, settling it fails with lock lost.
            _ = Task.Delay(delay, time).ContinueWith(_ => Send(wire, tag), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        Send(wire, tag);
    }

    private void Send(AmqpMessage wire, Guid tag)
    {
        try
        {
            link.SendMessageNoWait(wire, new ArraySegment<byte>(tag.ToByteArray()), AmqpConstants.NullBinary);
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            Credit = 0;
        }
    }

    /// <summary>Marks the session lock as lost: later settlements on this link fail with <c>SessionLockLost</c>, as in Azure.</summary>
    public void OnSessionLockLost() => Volatile.Write(ref sessionLockLost, true);

    /// <summary>Runs a callback from the AMQP library or a timer; a failure closes this link only.</summary>
    private void Contain(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            link.SafeClose(exception);
        }
    }

    private TimeSpan ServerWaitTime(TimeSpan linkTimeout)
    {
        var wait = linkTimeout;
        if (link.Settings.Properties is { } properties && properties.TryGetValue<object>(new AmqpSymbol(MessageAnnotationNames.LinkTimeout), out var value) && value is not null)
        {
            var milliseconds = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            if (milliseconds > 0)
            {
                wait = TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        wait -= TimeSpan.FromMilliseconds(500);
        return wait < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : wait;
    }

    private void PublishSession(SessionQueue session)
    {
        var source = (Source)link.Settings.Source;
        source.FilterSet[new AmqpSymbol(MessageAnnotationNames.SessionFilter)] = session.Id;
        link.Settings.Properties ??= new Fields();
        link.Settings.Properties[new AmqpSymbol(MessageAnnotationNames.LockedUntilUtc)] = store.Sessions.LockedUntil(session.Id).Ticks;
    }

    private void OnDisposition(Delivery delivery)
    {
        var transactional = delivery.State as TransactionalState;
        var state = transactional is null ? delivery.State : transactional.Outcome;
        var outcome = ToSettleOutcome(state);
        if (outcome is null || delivery.DeliveryTag.Count != 16)
        {
            return;
        }

        var lockToken = new Guid(delivery.DeliveryTag.AsSpan());
        Outcome reply;
        if (Volatile.Read(ref sessionLockLost))
        {
            reply = AmqpConditions.Rejected(AmqpConditions.SessionLockLost, SessionLockLostDescription);
        }
        else if (transactional is null)
        {
            reply = ToReply(store.Settle(lockToken, outcome), state!);
        }
        else
        {
            reply = EnlistSettlement(delivery, transactional.TxnId, lockToken, outcome, state!);
        }

        if (delivery.Settled)
        {
            return;
        }

        // A transactional disposition is answered but the delivery stays unsettled until the commit: after a rollback the
        // message is still locked, and the receiver must still find the delivery on its link to settle it again (the SDK
        // refuses to settle a session message whose delivery has left the link).
        var enlisted = transactional is not null && reply is not Rejected;
        Reply(delivery, !enlisted, transactional is null ? reply : new TransactionalState { TxnId = transactional.TxnId, Outcome = reply });
    }

    /// <summary>
    /// Answers a disposition. A client that settles many messages at once (one disposition frame for a range) gets one
    /// frame back for the range: each settled reply is marked batchable and held until the next one comes, and the last
    /// is sent when the connection's incoming frames are processed, which sends the whole batch.
    /// </summary>
    private void Reply(Delivery delivery, bool settled, DeliveryState state)
    {
        PendingReply? previous;
        var hold = settled && CoalescingTransport.IsProcessingFrames;
        var schedule = false;
        lock (replies)
        {
            previous = heldReply;
            heldReply = hold ? new PendingReply(delivery, state) : null;
            if (hold && !replyScheduled)
            {
                replyScheduled = schedule = true;
            }
        }

        if (schedule)
        {
            CoalescingTransport.RunAfterProcessing(sendHeldReply);
        }

        if (previous is not null)
        {
            // Answered without a frame of its own (when another reply follows): the session's next flush sends it with the others.
            previous.Delivery.Batchable = true;
            link.DisposeDelivery(previous.Delivery, true, previous.State, noFlush: hold);
        }

        if (!hold)
        {
            link.DisposeDelivery(delivery, settled, state);
        }
    }

    private void SendHeldReply()
    {
        PendingReply? held;
        lock (replies)
        {
            held = heldReply;
            heldReply = null;
            replyScheduled = false;
        }

        if (held is not null)
        {
            held.Delivery.Batchable = true;
            Contain(() => link.DisposeDelivery(held.Delivery, true, held.State));
        }
    }

    private sealed record PendingReply(Delivery Delivery, DeliveryState State);

    private Outcome EnlistSettlement(Delivery delivery, ArraySegment<byte> transactionId, Guid lockToken, SettleOutcome outcome, DeliveryState state)
    {
        if (transactions.Find(transactionId.AsSpan()) is not { } transaction)
        {
            return AmqpConditions.Rejected(AmqpConditions.TransactionUnknownId, "The transaction is unknown: it was never declared on this connection, or it was already discharged.");
        }

        var committedState = new TransactionalState { TxnId = transactionId, Outcome = ToReply(SettleResult.Ok, state) };
        void SettleDelivery() => Contain(() => link.DisposeDelivery(delivery, true, committedState));
        return transaction.EnlistSettlement(store, lockToken, outcome, delivery.Settled ? null : SettleDelivery) switch
        {
            TransactionEnlistResult.Ok => ToReply(SettleResult.Ok, state),
            TransactionEnlistResult.SessionLockLost => ToReply(SettleResult.SessionLockLost, state),
            TransactionEnlistResult.UnknownTransaction => AmqpConditions.Rejected(AmqpConditions.TransactionUnknownId, "The transaction was already discharged."),
            _ => ToReply(SettleResult.LockLost, state),
        };
    }

    /// <summary>The disposition the client gets back: its own outcome when settled (Accepted for a dead-letter), otherwise why not.</summary>
    private static Outcome ToReply(SettleResult result, DeliveryState state) => result switch
    {
        SettleResult.Ok => state is Rejected ? AmqpConstants.AcceptedOutcome : (Outcome)state,
        SettleResult.SessionLockLost => AmqpConditions.Rejected(AmqpConditions.SessionLockLost, SessionLockLostDescription),
        _ => AmqpConditions.Rejected(AmqpConditions.MessageLockLost, LockLostDescription),
    };

    private static SettleOutcome? ToSettleOutcome(DeliveryState? state) => state switch
    {
        Accepted => new SettleOutcome(SettleKind.Complete),
        Modified { UndeliverableHere: true } modified => new SettleOutcome(SettleKind.Defer, ToProperties(modified.MessageAnnotations)),
        Modified modified => new SettleOutcome(SettleKind.Abandon, ToProperties(modified.MessageAnnotations)),
        Released => new SettleOutcome(SettleKind.Release),
        Rejected rejected => ToDeadLetter(rejected.Error),
        _ => null,
    };

    private static SettleOutcome ToDeadLetter(Error? error)
    {
        string? reason = null;
        string? description = null;
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (error?.Info is { } info)
        {
            foreach (var pair in info)
            {
                var key = pair.Key.Key.ToString()!;
                if (key == DeadLetterReasons.ReasonProperty)
                {
                    reason = pair.Value as string;
                }
                else if (key == DeadLetterReasons.DescriptionProperty)
                {
                    description = pair.Value as string;
                }
                else
                {
                    properties[key] = pair.Value;
                }
            }
        }

        return new SettleOutcome(SettleKind.DeadLetter, properties, reason, description);
    }

    private static Dictionary<string, object?>? ToProperties(Fields? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return null;
        }

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in fields)
        {
            properties[pair.Key.Key.ToString()!] = pair.Value;
        }

        return properties;
    }
}
