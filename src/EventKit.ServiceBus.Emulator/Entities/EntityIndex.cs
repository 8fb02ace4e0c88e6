namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// An immutable snapshot of where every address leads. A change to the namespace builds a new one, so that
/// messaging (attach, forward, sweep) reads it without taking a lock.
/// </summary>
internal sealed class EntityIndex
{
    private const string DeadLetterSuffix = "/$DeadLetterQueue";

    private EntityIndex(Dictionary<string, SendTargetBase> sendTargets, Dictionary<string, MessageStore> stores, MessageStore[] allStores)
    {
        SendTargets = sendTargets;
        Stores = stores;
        AllStores = allStores;
    }

    public IReadOnlyDictionary<string, SendTargetBase> SendTargets { get; }

    /// <summary>Every receivable address: queues, subscriptions and their dead-letter sub-queues.</summary>
    public IReadOnlyDictionary<string, MessageStore> Stores { get; }

    public IReadOnlyList<MessageStore> AllStores { get; }

    public static EntityIndex Build(IEnumerable<SendTargetBase> sendTargets)
    {
        var targets = new Dictionary<string, SendTargetBase>(StringComparer.OrdinalIgnoreCase);
        var stores = new Dictionary<string, MessageStore>(StringComparer.OrdinalIgnoreCase);
        var all = new List<MessageStore>();
        void Add(MessageStore store)
        {
            stores.Add(store.Path, store);
            all.Add(store);
            if (store.DeadLetters is { } deadLetters)
            {
                stores.Add(store.Path + DeadLetterSuffix, deadLetters);
                all.Add(deadLetters);
            }
        }

        foreach (var target in sendTargets)
        {
            targets.Add(target.Path, target);
            if (target is QueueEntity queue)
            {
                Add(queue.Store);
            }
            else if (target is TopicEntity topic)
            {
                foreach (var subscription in topic.Subscriptions)
                {
                    Add(subscription.Store);
                }
            }
        }

        return new EntityIndex(targets, stores, [.. all]);
    }
}
