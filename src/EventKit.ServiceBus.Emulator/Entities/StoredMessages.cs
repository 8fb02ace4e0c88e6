using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Every message a <see cref="MessageStore"/> holds (available, locked or deferred), in sequence-number order. Taking
/// and letting go of a message here is also where its bytes count against the entity's size quota and where deferred
/// messages are counted, so the counts can never drift from the messages. Guarded by the store lock.
/// </summary>
internal sealed class StoredMessages(EntitySizeQuota quota, LockedMessages locks)
{
    private readonly SortedDictionary<long, BrokeredMessage> messages = [];
    private MessageJournal? journal;
    private string journalPath = string.Empty;

    /// <summary>All messages held, deferred ones included.</summary>
    public long Count => messages.Count;

    /// <summary>Messages set aside by a receiver, retrievable only by sequence number.</summary>
    public long DeferredCount { get; private set; }

    /// <summary>The message with <paramref name="sequenceNumber"/>; it must be held.</summary>
    public BrokeredMessage this[long sequenceNumber] => messages[sequenceNumber];

    /// <summary>Writes every change of the held messages to <paramref name="journal"/> from now on, under <paramref name="path"/>.</summary>
    public void AttachJournal(MessageJournal journal, string path)
    {
        this.journal = journal;
        journalPath = path;
    }

    public bool TryGet(long sequenceNumber, out BrokeredMessage message) => messages.TryGetValue(sequenceNumber, out message!);

    /// <summary>Holds <paramref name="message"/>, replacing (and releasing the bytes of) any message with its sequence number.</summary>
    public void Add(BrokeredMessage message)
    {
        if (messages.Remove(message.SequenceNumber, out var replaced))
        {
            quota.Subtract(replaced.Size);
        }

        messages[message.SequenceNumber] = message;
        quota.Add(message.Size);
        journal?.Stored(journalPath, message);
    }

    /// <summary>Lets go of <paramref name="message"/>, and of its lock; false when it was not held (already settled, or never stored).</summary>
    public bool Remove(BrokeredMessage message)
    {
        if (message.IsLocked)
        {
            locks.Unlock(message);
        }

        if (!messages.Remove(message.SequenceNumber))
        {
            return false;
        }

        quota.Subtract(message.Size);
        if (message.State == MessageState.Deferred)
        {
            DeferredCount--;
        }

        journal?.Removed(journalPath, message.SequenceNumber);
        return true;
    }

    /// <summary>Marks a held message deferred; deferring a deferred message again changes nothing.</summary>
    public void Defer(BrokeredMessage message)
    {
        if (message.State != MessageState.Deferred)
        {
            message.State = MessageState.Deferred;
            DeferredCount++;
        }

        // Written even when it was deferred already: receiving it by sequence number had locked it, and deferring unlocks it.
        journal?.StateChanged(journalPath, message);
    }

    /// <summary>Journals a change of a held message's delivery count or lock, or (<paramref name="propertiesChanged"/>) of its application properties.</summary>
    public void Journal(BrokeredMessage message, bool propertiesChanged = false)
    {
        if (journal is null)
        {
            return;
        }

        if (propertiesChanged)
        {
            journal.PropertiesChanged(journalPath, message);
        }
        else
        {
            journal.StateChanged(journalPath, message);
        }
    }

    /// <summary>
    /// The deferred messages with these sequence numbers, all of session <paramref name="sessionId"/> (or of none) and
    /// none locked; null when any is not, so that a receive by sequence number takes all of them or nothing.
    /// </summary>
    public List<BrokeredMessage>? FindDeferred(IReadOnlyList<long> sequenceNumbers, string? sessionId)
    {
        var found = new List<BrokeredMessage>(sequenceNumbers.Count);
        foreach (var sequenceNumber in sequenceNumbers)
        {
            if (!messages.TryGetValue(sequenceNumber, out var message) || message.State != MessageState.Deferred || message.IsLocked
                || !string.Equals(message.SessionId, sessionId, StringComparison.Ordinal))
            {
                return null;
            }

            found.Add(message);
        }

        return found;
    }

    /// <summary>Whether any held message belongs to the session <paramref name="sessionId"/>.</summary>
    public bool AnyInSession(string sessionId) => messages.Values.Any(m => string.Equals(m.SessionId, sessionId, StringComparison.Ordinal));

    /// <summary>Encodes up to <paramref name="count"/> messages from <paramref name="fromSequenceNumber"/> on, of one session when <paramref name="sessionId"/> is set.</summary>
    public List<(long SequenceNumber, ArraySegment<byte> Message)> Peek(long fromSequenceNumber, int count, string? sessionId, Func<BrokeredMessage, ArraySegment<byte>> encode)
    {
        var result = new List<(long, ArraySegment<byte>)>();
        foreach (var (sequenceNumber, message) in messages)
        {
            if (result.Count >= count)
            {
                break;
            }

            if (sequenceNumber >= fromSequenceNumber && (sessionId is null || string.Equals(message.SessionId, sessionId, StringComparison.Ordinal)))
            {
                result.Add((sequenceNumber, encode(message)));
            }
        }

        return result;
    }
}
