namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>How a receiver settles a locked message.</summary>
internal enum SettleKind
{
    Complete,
    Abandon,

    /// <summary>AMQP <c>released</c>: the client never handed the message to its application; it returns without counting a delivery, as in Azure.</summary>
    Release,
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
