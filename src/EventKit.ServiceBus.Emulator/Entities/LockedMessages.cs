namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The peek-locked messages of a <see cref="MessageStore"/>, by lock token: what a receiver settles or renews names a
/// token, never a message. Guarded by the store lock; what a token allows, and for how long, is <see cref="PeekLocks"/>'s.
/// </summary>
internal sealed class LockedMessages
{
    private readonly Dictionary<Guid, BrokeredMessage> locked = [];

    public int Count => locked.Count;

    public bool TryGet(Guid lockToken, out BrokeredMessage message) => locked.TryGetValue(lockToken, out message!);

    /// <summary>Locks <paramref name="message"/> for <paramref name="holder"/> under a new token until <paramref name="lockedUntil"/>.</summary>
    public void Lock(BrokeredMessage message, object holder, DateTime lockedUntil)
    {
        message.LockToken = UniqueIds.NewGuid();
        message.LockHolder = holder;
        message.LockedUntil = lockedUntil;
        locked[message.LockToken] = message;
    }

    /// <summary>Drops the message's lock, if it has one; its token no longer settles anything.</summary>
    public void Unlock(BrokeredMessage message)
    {
        if (!message.IsLocked)
        {
            return;
        }

        locked.Remove(message.LockToken);
        message.ClearLock();
    }

    /// <summary>The locked messages of one session, copied so that the caller may unlock them while walking the list.</summary>
    public List<BrokeredMessage> InSession(string sessionId) => locked.Values.Where(m => string.Equals(m.SessionId, sessionId, StringComparison.Ordinal)).ToList();

    public bool AnyInSession(string sessionId) => locked.Values.Any(m => string.Equals(m.SessionId, sessionId, StringComparison.Ordinal));

    /// <summary>Moves the locks of a session's messages with the session lock: they last exactly as long as it does.</summary>
    public void ExtendSession(string sessionId, DateTime lockedUntil)
    {
        foreach (var message in locked.Values)
        {
            if (string.Equals(message.SessionId, sessionId, StringComparison.Ordinal))
            {
                message.LockedUntil = lockedUntil;
            }
        }
    }
}
