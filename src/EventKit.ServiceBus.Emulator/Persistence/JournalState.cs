namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// What the journal says the namespace holds: every record, replayed or written, is applied here, so compaction can
/// write it out as a snapshot without reading the entities (whose locks it must not take). Guarded by the journal lock.
/// </summary>
/// <remarks>Records about a message that is no longer held (a stale update) change nothing, so replaying is idempotent.</remarks>
internal sealed class JournalState
{
    private const string DeadLetterSuffix = "/$DeadLetterQueue";
    private const string SubscriptionsSegment = "/Subscriptions/";

    /// <summary>Held messages by queue, subscription or dead-letter queue path, then by sequence number.</summary>
    public Dictionary<string, SortedDictionary<long, JournaledMessage>> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>Scheduled messages by queue or topic path, then by sequence number, with when each is due.</summary>
    public Dictionary<string, SortedDictionary<long, (JournaledMessage Message, DateTime EnqueueAt)>> Scheduled { get; } = new(StringComparer.Ordinal);

    /// <summary>The highest sequence number seen per path (entity or store), so a restarted entity never gives one out again.</summary>
    public Dictionary<string, long> HighestSequenceNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>Message ids remembered by duplicate detection, per queue or topic path, with when each was seen and forgotten.</summary>
    public Dictionary<string, Dictionary<string, (DateTime SeenAt, DateTime ForgetAt)>> SeenMessageIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Session states by queue or subscription path, then by session id.</summary>
    public Dictionary<string, Dictionary<string, byte[]>> SessionStates { get; } = new(StringComparer.Ordinal);

    /// <summary>About how many bytes a snapshot of this state takes (payloads plus a little per record).</summary>
    public long LiveBytes { get; private set; }

    /// <summary>The queue or topic a store belongs to: <c>q</c> for <c>q/$DeadLetterQueue</c>, <c>t</c> for <c>t/Subscriptions/s</c>.</summary>
    public static string OwnerOf(string storePath)
    {
        var path = storePath.EndsWith(DeadLetterSuffix, StringComparison.Ordinal) ? storePath[..^DeadLetterSuffix.Length] : storePath;
        var subscriptions = path.IndexOf(SubscriptionsSegment, StringComparison.OrdinalIgnoreCase);
        return subscriptions < 0 ? path : path[..subscriptions];
    }

    public void Store(string path, JournaledMessage message)
    {
        if (!Messages.TryGetValue(path, out var held))
        {
            held = [];
            Messages.Add(path, held);
        }

        if (held.Remove(message.SequenceNumber, out var replaced))
        {
            LiveBytes -= SizeOf(replaced);
        }

        held[message.SequenceNumber] = message;
        LiveBytes += SizeOf(message);
        ReachSequenceNumber(path, message.SequenceNumber);

        // A scheduled message enqueued when its time came keeps its sequence number; if the process stopped before its
        // unscheduling was written, this record still says it is no longer scheduled, so it is never enqueued twice.
        if (Scheduled.TryGetValue(OwnerOf(path), out var scheduled) && scheduled.Remove(message.SequenceNumber, out var was))
        {
            LiveBytes -= SizeOf(was.Message);
        }
    }

    public void Remove(string path, long sequenceNumber)
    {
        if (Messages.TryGetValue(path, out var held) && held.Remove(sequenceNumber, out var removed))
        {
            LiveBytes -= SizeOf(removed);
        }
    }

    public void ChangeState(string path, long sequenceNumber, int deliveryCount, bool deferred, bool locked)
    {
        if (Find(path, sequenceNumber) is { } message)
        {
            message.DeliveryCount = deliveryCount;
            message.Deferred = deferred;
            message.Locked = locked;
        }
    }

    public void ChangePayload(string path, long sequenceNumber, byte[] payload)
    {
        if (Find(path, sequenceNumber) is { } message)
        {
            LiveBytes += payload.Length - message.Payload.Length;
            message.Payload = payload;
        }
    }

    public void Schedule(string path, JournaledMessage message, DateTime enqueueAt)
    {
        if (!Scheduled.TryGetValue(path, out var scheduled))
        {
            scheduled = [];
            Scheduled.Add(path, scheduled);
        }

        if (scheduled.Remove(message.SequenceNumber, out var replaced))
        {
            LiveBytes -= SizeOf(replaced.Message);
        }

        scheduled[message.SequenceNumber] = (message, enqueueAt);
        LiveBytes += SizeOf(message);
        ReachSequenceNumber(path, message.SequenceNumber);
    }

    public void Unschedule(string path, long sequenceNumber)
    {
        if (Scheduled.TryGetValue(path, out var scheduled) && scheduled.Remove(sequenceNumber, out var removed))
        {
            LiveBytes -= SizeOf(removed.Message);
        }
    }

    public void See(string path, string messageId, DateTime seenAt, DateTime forgetAt)
    {
        if (!SeenMessageIds.TryGetValue(path, out var seen))
        {
            seen = new(StringComparer.Ordinal);
            SeenMessageIds.Add(path, seen);
        }

        seen[messageId] = (seenAt, forgetAt);
    }

    /// <summary>Forgets message ids whose detection window ended by <paramref name="now"/> (compaction calls it).</summary>
    public void ForgetSeenBefore(DateTime now)
    {
        foreach (var seen in SeenMessageIds.Values)
        {
            foreach (var (messageId, (_, forgetAt)) in seen)
            {
                if (forgetAt <= now)
                {
                    seen.Remove(messageId);
                }
            }
        }
    }

    public void SetSessionState(string path, string sessionId, byte[]? state)
    {
        if (!SessionStates.TryGetValue(path, out var states))
        {
            states = new(StringComparer.Ordinal);
            SessionStates.Add(path, states);
        }

        if (state is null)
        {
            states.Remove(sessionId);
        }
        else
        {
            states[sessionId] = state;
        }
    }

    public void ReachSequenceNumber(string path, long sequenceNumber)
    {
        if (!HighestSequenceNumbers.TryGetValue(path, out var highest) || sequenceNumber > highest)
        {
            HighestSequenceNumbers[path] = sequenceNumber;
        }
    }

    /// <summary>The highest sequence number the queue or topic at <paramref name="entityPath"/> gave out, from its own records and its stores'.</summary>
    public long HighestSequenceNumberOf(string entityPath)
    {
        var highest = 0L;
        foreach (var (path, sequenceNumber) in HighestSequenceNumbers)
        {
            if (sequenceNumber > highest && string.Equals(OwnerOf(path), entityPath, StringComparison.Ordinal))
            {
                highest = sequenceNumber;
            }
        }

        return highest;
    }

    /// <summary>Forgets everything about a store whose entity no longer exists.</summary>
    public void ForgetStore(string path)
    {
        if (Messages.Remove(path, out var held))
        {
            LiveBytes -= held.Values.Sum(SizeOf);
        }

        SessionStates.Remove(path);
    }

    /// <summary>Forgets everything about a queue or topic that no longer exists.</summary>
    public void ForgetEntity(string path)
    {
        if (Scheduled.Remove(path, out var scheduled))
        {
            LiveBytes -= scheduled.Values.Sum(s => SizeOf(s.Message));
        }

        SeenMessageIds.Remove(path);
    }

    private static long SizeOf(JournaledMessage message) => message.Payload.Length + 64;

    private JournaledMessage? Find(string path, long sequenceNumber) =>
        Messages.TryGetValue(path, out var held) && held.TryGetValue(sequenceNumber, out var message) ? message : null;
}
