namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The consumers attached to a <see cref="MessageStore"/>, in the round-robin order the store delivers in, so that
/// competing receivers share the messages instead of the first one taking all. Guarded by the store lock.
/// </summary>
internal sealed class ConsumerRotation
{
    private readonly List<IMessageConsumer> consumers = [];
    private IMessageConsumer[]? snapshot;
    private int next;

    public int Count => consumers.Count;

    /// <summary>The consumers as an array, rebuilt only after a change: dispatch runs on every send and settle, attach and detach rarely.</summary>
    public IMessageConsumer[] Snapshot => snapshot ??= consumers.ToArray();

    /// <summary>Where the current round starts.</summary>
    public int Next => next;

    public void Add(IMessageConsumer consumer)
    {
        consumers.Add(consumer);
        snapshot = null;
    }

    public void Remove(IMessageConsumer consumer)
    {
        consumers.Remove(consumer);
        snapshot = null;
    }

    /// <summary>Starts the next round one consumer further on, out of <paramref name="roundLength"/>.</summary>
    public void EndRound(int roundLength) => next = (next + 1) % roundLength;
}
