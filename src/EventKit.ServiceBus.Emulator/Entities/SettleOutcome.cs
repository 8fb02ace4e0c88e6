namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>How a receiver settles a locked message.</summary>
internal enum SettleKind
{
    Complete,
    Abandon,
    Defer,
    DeadLetter,
}

/// <summary>A settlement request: the kind, property changes, and the dead-letter reason and description.</summary>
internal sealed record SettleOutcome(
    SettleKind Kind,
    IReadOnlyDictionary<string, object?>? PropertiesToModify = null,
    string? DeadLetterReason = null,
    string? DeadLetterDescription = null);

/// <summary>The result of an operation on a locked message or a session.</summary>
internal enum SettleResult
{
    Ok,
    LockLost,
    SessionLockLost,
    MessageNotFound,
}
