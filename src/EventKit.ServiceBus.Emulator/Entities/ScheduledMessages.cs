using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>Messages scheduled on a queue or topic, released when their enqueue time comes. Has its own lock.</summary>
internal sealed class ScheduledMessages(EntitySizeQuota quota)
{
    private readonly object sync = new();
    private readonly SortedDictionary<long, BrokeredMessage> messages = [];
    private readonly PriorityQueue<long, DateTime> due = new();
    private MessageJournal? journal;
    private string journalPath = string.Empty;

    public long Count
    {
        get
        {
            lock (sync)
            {
                return messages.Count;
            }
        }
    }

    /// <summary>Journals scheduling and cancelling from now on, under the queue's or topic's <paramref name="path"/>.</summary>
    public void AttachJournal(MessageJournal journal, string path)
    {
        this.journal = journal;
        journalPath = path;
    }

    public void Add(BrokeredMessage message, DateTime enqueueAt)
    {
        lock (sync)
        {
            message.State = MessageState.Scheduled;
            messages[message.SequenceNumber] = message;
            quota.Add(message.Size);
            due.Enqueue(message.SequenceNumber, enqueueAt);
            journal?.Scheduled(journalPath, message, enqueueAt);
        }
    }

    /// <summary>Journals that a message taken by <see cref="TakeDue"/> has been enqueued, so a restart does not schedule it again.</summary>
    public void Released(BrokeredMessage message) => journal?.Unscheduled(journalPath, message.SequenceNumber);

    public bool Cancel(long sequenceNumber)
    {
        lock (sync)
        {
            if (!messages.Remove(sequenceNumber, out var message))
            {
                return false;
            }

            quota.Subtract(message.Size);
            journal?.Unscheduled(journalPath, sequenceNumber);
            return true;
        }
    }

    public List<BrokeredMessage> TakeDue(DateTime now)
    {
        List<BrokeredMessage>? result = null;
        lock (sync)
        {
            while (due.TryPeek(out var sequenceNumber, out var when) && when <= now)
            {
                due.Dequeue();
                if (messages.Remove(sequenceNumber, out var message))
                {
                    quota.Subtract(message.Size);
                    (result ??= []).Add(message);
                }
            }
        }

        return result ?? [];
    }

    public List<(long SequenceNumber, ArraySegment<byte> Message)> Peek(long fromSequenceNumber, int count, Func<BrokeredMessage, ArraySegment<byte>> encode)
    {
        var result = new List<(long, ArraySegment<byte>)>();
        lock (sync)
        {
            foreach (var (sequenceNumber, message) in messages)
            {
                if (result.Count >= count)
                {
                    break;
                }

                if (sequenceNumber >= fromSequenceNumber)
                {
                    result.Add((sequenceNumber, encode(message)));
                }
            }
        }

        return result;
    }
}
