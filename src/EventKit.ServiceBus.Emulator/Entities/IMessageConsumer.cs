namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// A receiver attached to a <see cref="MessageStore"/>. The store reads and writes <see cref="Credit"/> and calls
/// <see cref="Deliver"/> under its own lock.
/// </summary>
internal interface IMessageConsumer
{
    /// <summary>Messages the consumer may still be sent.</summary>
    long Credit { get; set; }

    /// <summary>True for peek-lock, false for receive-and-delete.</summary>
    bool PeekLock { get; }

    /// <summary>The session the consumer holds, for session receivers.</summary>
    string? SessionId { get; }

    /// <summary>Binds the consumer to the session it was granted. Called under the store lock.</summary>
    void BindSession(string sessionId);

    /// <summary>Sends a message to the consumer. Called under the store lock, so it must not block.</summary>
    void Deliver(BrokeredMessage message);

    /// <summary>Tells the consumer that its session lock expired or was taken over.</summary>
    void OnSessionLockLost();
}
