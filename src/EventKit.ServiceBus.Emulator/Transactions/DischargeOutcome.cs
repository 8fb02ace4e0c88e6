namespace EventKit.ServiceBus.Emulator.Transactions;

/// <summary>What a discharge did.</summary>
internal enum DischargeOutcome
{
    Committed,
    RolledBack,
    UnknownTransaction,
}
