namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Where a <see cref="MessageStore"/>'s available messages wait for a receiver, by sequence number: in the entity's own
/// queue, or, on a session-aware entity, in their session's queue, which only the session's holder takes from.
/// Guarded by the store lock.
/// </summary>
internal sealed class AvailableMessages(SessionTable sessions)
{
    private readonly SortedSet<long> queue = [];

    public void Add(BrokeredMessage message, bool bySession, DateTime now)
    {
        if (bySession && message.SessionId is { } sessionId)
        {
            sessions.MakeAvailable(message, sessionId, now);
        }
        else
        {
            queue.Add(message.SequenceNumber);
        }
    }

    /// <summary>Takes a message out of whichever queue holds it (it expired while waiting).</summary>
    public void Remove(BrokeredMessage message)
    {
        // A non-session entity queues messages that carry a session id with the rest.
        if (message.SessionId is not { } sessionId || !sessions.RemoveAvailable(message, sessionId))
        {
            queue.Remove(message.SequenceNumber);
        }
    }

    /// <summary>The queue <paramref name="consumer"/> takes from: its session's, the entity's, or none (a session-aware entity without a session).</summary>
    public SortedSet<long>? For(IMessageConsumer consumer, bool bySession, DateTime now) =>
        consumer.SessionId is { } sessionId ? sessions.AvailableTo(consumer, sessionId, now) : bySession ? null : queue;
}
