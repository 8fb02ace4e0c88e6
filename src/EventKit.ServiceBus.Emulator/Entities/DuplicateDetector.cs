namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>Remembers message ids for a time window and reports repeats. Has its own lock.</summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly object sync = new();
    private long windowTicks = window.Ticks;
    private readonly Dictionary<string, DateTime> seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTime SeenAt)> order = new();

    /// <summary>The history window; an update at run time applies to the ids already remembered too.</summary>
    public TimeSpan Window
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref windowTicks));
        set => Interlocked.Exchange(ref windowTicks, value.Ticks);
    }

    /// <summary>Remembers <paramref name="messageId"/> as seen at <paramref name="seenAt"/> (replayed from the journal, oldest first).</summary>
    public void Remember(string messageId, DateTime seenAt)
    {
        lock (sync)
        {
            seen[messageId] = seenAt;
            order.Enqueue((messageId, seenAt));
        }
    }

    public bool IsDuplicate(string? messageId, DateTime now)
    {
        if (messageId is null)
        {
            return false;
        }

        var window = Window;
        lock (sync)
        {
            while (order.TryPeek(out var oldest) && oldest.SeenAt + window <= now)
            {
                order.Dequeue();
                if (seen.TryGetValue(oldest.MessageId, out var at) && at == oldest.SeenAt)
                {
                    seen.Remove(oldest.MessageId);
                }
            }

            if (seen.ContainsKey(messageId))
            {
                return true;
            }

            seen[messageId] = now;
            order.Enqueue((messageId, now));
            return false;
        }
    }
}
