namespace EventKit.ServiceBus.Emulator.Transactions;

/// <summary>The result of enlisting a send or a settlement in a transaction.</summary>
internal enum TransactionEnlistResult
{
    Ok,
    UnknownTransaction,
    QuotaExceeded,
    LockLost,
    SessionLockLost,
}
