using EventKit.ServiceBus.Emulator.Entities;

namespace EventKit.ServiceBus.Emulator.Transactions;

/// <summary>
/// One declared transaction: the sends and settlements enlisted in it, applied together on commit or dropped on
/// rollback. Nothing is visible before the commit: a send's bytes are reserved against its entity's quota (so the
/// commit cannot fail for lack of room), and a settled message stays locked, held by this transaction.
/// </summary>
internal sealed class BrokerTransaction(Guid id)
{
    private readonly object sync = new();
    private readonly List<PendingSend> sends = [];
    private readonly List<PendingSettlement> settlements = [];
    private bool discharged;

    public Guid Id { get; } = id;

    /// <summary>Enlists messages sent to <paramref name="target"/>; they are accepted (sequence numbers, duplicate detection, scheduling) on commit.</summary>
    public TransactionEnlistResult EnlistSend(SendTargetBase target, IReadOnlyList<BrokeredMessage> messages)
    {
        long bytes = 0;
        foreach (var message in messages)
        {
            bytes += message.Size;
        }

        lock (sync)
        {
            if (discharged)
            {
                return TransactionEnlistResult.UnknownTransaction;
            }

            if (!target.Quota.TryReserve(bytes))
            {
                return TransactionEnlistResult.QuotaExceeded;
            }

            sends.Add(new PendingSend(target, messages, bytes));
            return TransactionEnlistResult.Ok;
        }
    }

    /// <summary>Enlists a settlement: the message must be locked by the caller, and stays locked (held) until discharge.</summary>
    /// <param name="store">The store that holds the locked message.</param>
    /// <param name="lockToken">The message's lock token.</param>
    /// <param name="outcome">How to settle it on commit.</param>
    /// <param name="onCommitted">Runs after the commit settled the message (the receiver link then settles its delivery).</param>
    public TransactionEnlistResult EnlistSettlement(MessageStore store, Guid lockToken, SettleOutcome outcome, Action? onCommitted = null)
    {
        lock (sync)
        {
            if (discharged)
            {
                return TransactionEnlistResult.UnknownTransaction;
            }

            var claimed = store.Claim(lockToken, this);
            if (claimed != SettleResult.Ok)
            {
                return claimed == SettleResult.SessionLockLost ? TransactionEnlistResult.SessionLockLost : TransactionEnlistResult.LockLost;
            }

            settlements.Add(new PendingSettlement(store, lockToken, outcome, onCommitted));
            return TransactionEnlistResult.Ok;
        }
    }

    /// <summary>
    /// Applies every enlisted operation, or none: when a held message was taken back meanwhile (its session was
    /// released), the whole transaction rolls back and the reason is returned.
    /// </summary>
    /// <returns>Null when committed; otherwise why it rolled back.</returns>
    public string? Commit()
    {
        if (!MarkDischarged())
        {
            return null;
        }

        foreach (var settlement in settlements)
        {
            if (!settlement.Store.HoldsClaim(settlement.LockToken, this))
            {
                Undo();
                return $"The transaction was rolled back: the lock on a message it settles in '{settlement.Store.Path}' was lost before the commit.";
            }
        }

        foreach (var send in sends)
        {
            send.Target.Quota.Subtract(send.ReservedBytes);
            foreach (var message in send.Messages)
            {
                send.Target.Accept(message);
            }
        }

        foreach (var settlement in settlements)
        {
            settlement.Store.Settle(settlement.LockToken, settlement.Outcome, this);
            settlement.OnCommitted?.Invoke();
        }

        return null;
    }

    /// <summary>Drops every enlisted operation: sends vanish and settled messages stay locked to their receivers.</summary>
    public void Rollback()
    {
        if (MarkDischarged())
        {
            Undo();
        }
    }

    private bool MarkDischarged()
    {
        lock (sync)
        {
            if (discharged)
            {
                return false;
            }

            discharged = true;
            return true;
        }
    }

    private void Undo()
    {
        foreach (var send in sends)
        {
            send.Target.Quota.Subtract(send.ReservedBytes);
        }

        foreach (var settlement in settlements)
        {
            settlement.Store.ReleaseClaim(settlement.LockToken, this);
        }
    }

    private sealed record PendingSend(SendTargetBase Target, IReadOnlyList<BrokeredMessage> Messages, long ReservedBytes);

    private sealed record PendingSettlement(MessageStore Store, Guid LockToken, SettleOutcome Outcome, Action? OnCommitted);
}
