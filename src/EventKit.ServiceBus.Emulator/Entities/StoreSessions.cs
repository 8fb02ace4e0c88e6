using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// A session-aware <see cref="MessageStore"/>'s sessions as receivers and management operations reach them. Every call
/// takes the store's one lock and delegates to its <see cref="SessionTable"/>, so a session and the messages it locks
/// change together; callbacks the table queues (a waiting receiver accepted) run after the lock is released.
/// </summary>
internal sealed class StoreSessions(object sync, SessionTable sessions, string path, TimeProvider time, Action runAfterLock)
{
    private MessageJournal? journal;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Journals session states from now on (an emulator with a data directory).</summary>
    public void AttachJournal(MessageJournal journal) => this.journal = journal;

    /// <summary>Sets a session's state replayed from the journal, with no receiver holding the session.</summary>
    public void RestoreState(string sessionId, byte[] state)
    {
        lock (sync)
        {
            sessions.RestoreState(sessionId, state);
        }
    }

    /// <summary>Locks a session for a consumer: the given one, or any unlocked one with messages when <paramref name="sessionId"/> is null.</summary>
    /// <returns>The session, or null when none is available (the caller may then wait with <see cref="Wait"/>).</returns>
    /// <exception cref="SessionCannotBeLockedException">The given session is held by another receiver.</exception>
    public SessionQueue? Accept(IMessageConsumer consumer, string? sessionId)
    {
        lock (sync)
        {
            return sessions.Accept(consumer, sessionId, Now);
        }
    }

    /// <summary>Registers a consumer that waits for any session; <paramref name="onAccepted"/> runs outside the lock.</summary>
    public void Wait(IMessageConsumer consumer, Action<SessionQueue> onAccepted)
    {
        lock (sync)
        {
            sessions.AcceptOrWait(new PendingSessionAccept(consumer, onAccepted), Now);
        }

        runAfterLock();
    }

    /// <summary>Stops waiting for a session. Returns false when a session was already accepted.</summary>
    public bool CancelWait(IMessageConsumer consumer)
    {
        lock (sync)
        {
            return sessions.StopWaiting(consumer);
        }
    }

    public SettleResult RenewLock(string sessionId, out DateTime lockedUntil)
    {
        lock (sync)
        {
            return sessions.Renew(sessionId, Now, out lockedUntil);
        }
    }

    public DateTime LockedUntil(string sessionId)
    {
        lock (sync)
        {
            return sessions.LockedUntil(sessionId);
        }
    }

    public SettleResult GetState(string sessionId, out byte[]? state)
    {
        lock (sync)
        {
            return sessions.GetState(sessionId, Now, out state);
        }
    }

    public SettleResult SetState(string sessionId, byte[]? state)
    {
        lock (sync)
        {
            var result = sessions.SetState(sessionId, state, Now);
            if (result == SettleResult.Ok)
            {
                journal?.SessionStateSet(path, sessionId, state);
            }

            return result;
        }
    }
}
