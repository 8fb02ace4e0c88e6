namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>Messages scheduled on a queue or topic, released when their enqueue time comes. Has its own lock.</summary>
internal sealed class ScheduledMessages(EntitySizeQuota quota)
{
    private readonly object sync = new();
    private readonly SortedDictionary<long, BrokeredMessage> messages = [];
    private readonly PriorityQueue<long, DateTime> due = new();

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

    public void Add(BrokeredMessage message, DateTime enqueueAt)
    {
        lock (sync)
        {
            message.State = MessageState.Scheduled;
            messages[message.SequenceNumber] = message;
            quota.Add(message.Size);
            due.Enqueue(message.SequenceNumber, enqueueAt);
        }
    }

    public bool Cancel(long sequenceNumber)
    {
        lock (sync)
        {
            if (!messages.Remove(sequenceNumber, out var message))
            {
                return false;
            }

            quota.Subtract(message.Size);
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
