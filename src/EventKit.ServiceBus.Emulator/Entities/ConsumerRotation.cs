namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The consumers attached to a <see cref="MessageStore"/>, and the round-robin order it delivers in, so that competing
/// receivers share the messages instead of the first one taking all. Guarded by the store lock.
/// </summary>
internal sealed class ConsumerRotation
{
    private readonly List<IMessageConsumer> consumers = [];
    private IMessageConsumer[]? snapshot;
    private int next;

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

    /// <summary>
    /// Offers each consumer with credit one message in turn, starting one consumer further on each round, until a whole
    /// round delivers nothing. <paramref name="deliverNext"/> delivers one message to a consumer, or returns false.
    /// </summary>
    public void DeliverInTurn(DateTime now, Func<IMessageConsumer, DateTime, bool> deliverNext)
    {
        if (consumers.Count == 0)
        {
            return;
        }

        // Rebuilt only after a change: delivery runs on every send and settlement, attaching and detaching rarely.
        var round = snapshot ??= consumers.ToArray();
        var progress = true;
        while (progress)
        {
            progress = false;
            for (var i = 0; i < round.Length; i++)
            {
                var consumer = round[(next + i) % round.Length];
                if (consumer.Credit > 0 && deliverNext(consumer, now))
                {
                    progress = true;
                }
            }

            next = (next + 1) % round.Length;
        }
    }
}
