using System.Collections.Concurrent;

namespace EventKit.ServiceBus.Emulator.Transactions;

/// <summary>
/// A connection's transactions, as its AMQP coordinator link declares and discharges them. Transactions belong to the
/// connection that declared them, as in Azure: when it closes, those still open roll back.
/// </summary>
internal sealed class TransactionCoordinator
{
    private readonly ConcurrentDictionary<Guid, BrokerTransaction> open = new();

    public BrokerTransaction Declare()
    {
        var transaction = new BrokerTransaction(Guid.NewGuid());
        open[transaction.Id] = transaction;
        return transaction;
    }

    /// <summary>Finds an open transaction by the txn-id a transfer or disposition carries.</summary>
    public BrokerTransaction? Find(ReadOnlySpan<byte> transactionId) =>
        transactionId.Length == 16 && open.TryGetValue(new Guid(transactionId), out var transaction) ? transaction : null;

    /// <summary>Commits (<paramref name="fail"/> false) or rolls back a transaction.</summary>
    /// <returns>The outcome: committed, rolled back, or unknown transaction (with the reason a commit rolled back instead).</returns>
    public DischargeOutcome Discharge(ReadOnlySpan<byte> transactionId, bool fail, out string? rollbackReason)
    {
        rollbackReason = null;
        if (transactionId.Length != 16 || !open.TryRemove(new Guid(transactionId), out var transaction))
        {
            return DischargeOutcome.UnknownTransaction;
        }

        if (fail)
        {
            transaction.Rollback();
            return DischargeOutcome.RolledBack;
        }

        rollbackReason = transaction.Commit();
        return rollbackReason is null ? DischargeOutcome.Committed : DischargeOutcome.RolledBack;
    }

    /// <summary>Rolls back every open transaction (the connection closed).</summary>
    public void RollbackAll()
    {
        foreach (var id in open.Keys)
        {
            if (open.TryRemove(id, out var transaction))
            {
                transaction.Rollback();
            }
        }
    }
}
