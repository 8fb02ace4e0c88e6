namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The emulator's entities, built once from the topology and then read without locks: it resolves addresses,
/// forwards messages between entities, expires locks and messages, and reports counts.
/// </summary>
internal sealed class MessagingNamespace
{
    public const int MaxTransferHops = 4;
    private const string DeadLetterSuffix = "/$DeadLetterQueue";
    private readonly Dictionary<string, SendTargetBase> sendTargets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MessageStore> stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MessageStore> allStores = [];

    public MessagingNamespace(EmulatorTopology topology, TimeProvider time)
    {
        foreach (var queue in topology.Queues)
        {
            var entity = new QueueEntity(queue.Name, queue.Properties, time, Forward);
            sendTargets.Add(queue.Name, entity);
            AddStore(entity.Store);
        }

        foreach (var topic in topology.Topics)
        {
            var quota = new EntitySizeQuota(topic.Properties.MaxSizeInMegabytes);
            var subscriptions = topic.Subscriptions.Select(s => new SubscriptionEntity(topic.Name, s, time, Forward, quota)).ToList();
            var entity = new TopicEntity(topic.Name, topic.Properties, time, subscriptions, quota);
            sendTargets.Add(topic.Name, entity);
            foreach (var subscription in subscriptions)
            {
                AddStore(subscription.Store);
            }
        }
    }

    public IEnumerable<SendTargetBase> SendTargets => sendTargets.Values;

    /// <summary>Turns an AMQP address (<c>/orders/Subscriptions/x</c> or <c>amqp://host/orders</c>) into an entity path.</summary>
    public static string NormalizeAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return string.Empty;
        }

        if (address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            address = Uri.UnescapeDataString(uri.AbsolutePath);
        }

        return address.Trim('/');
    }

    public SendTargetBase? FindSendTarget(string path) => sendTargets.GetValueOrDefault(path);

    public MessageStore? FindStore(string path) => stores.GetValueOrDefault(path);

    public SubscriptionEntity? FindSubscription(string path)
    {
        var parts = path.Split('/');
        if (parts.Length == 3 && string.Equals(parts[1], "Subscriptions", StringComparison.OrdinalIgnoreCase) && sendTargets.GetValueOrDefault(parts[0]) is TopicEntity topic)
        {
            return topic.Subscriptions.FirstOrDefault(s => string.Equals(s.Name, parts[2], StringComparison.OrdinalIgnoreCase));
        }

        return null;
    }

    public void Forward(string target, BrokeredMessage message)
    {
        var copy = message.CopyForEntity();
        copy.TransferHops++;
        if (FindSendTarget(target) is not { } destination)
        {
            return;
        }

        destination.Accept(copy, scheduleOverride: DateTime.MinValue);
    }

    public void Sweep()
    {
        foreach (var target in sendTargets.Values)
        {
            target.ReleaseDueScheduled();
        }

        foreach (var store in allStores)
        {
            store.Sweep();
        }
    }

    public EntityCounts? GetCounts(string path)
    {
        path = NormalizeAddress(path);
        if (sendTargets.TryGetValue(path, out var target))
        {
            if (target is QueueEntity queue)
            {
                return Count(queue.Store, EntityKind.Queue, target.Scheduled.Count);
            }

            return new EntityCounts(target.Path, EntityKind.Topic, 0, target.Scheduled.Count, 0, 0, 0);
        }

        return stores.TryGetValue(path, out var store) && store.DeadLetters is not null ? Count(store, store.Kind, 0) : null;
    }

    public IReadOnlyList<EntityCounts> GetAllCounts()
    {
        var result = new List<EntityCounts>();
        foreach (var target in sendTargets.Values)
        {
            result.Add(GetCounts(target.Path)!);
            if (target is TopicEntity topic)
            {
                result.AddRange(topic.Subscriptions.Select(s => Count(s.Store, EntityKind.Subscription, 0)));
            }
        }

        return result;
    }

    private static EntityCounts Count(MessageStore store, EntityKind kind, long scheduled)
    {
        var (active, deferred, locked) = store.Counts();
        var (deadLetter, deadLetterDeferred, _) = store.DeadLetters!.Counts();
        return new EntityCounts(store.Path, kind, active, scheduled, deadLetter + deadLetterDeferred, deferred, locked);
    }

    private void AddStore(MessageStore store)
    {
        stores.Add(store.Path, store);
        allStores.Add(store);
        if (store.DeadLetters is { } deadLetters)
        {
            stores.Add(store.Path + DeadLetterSuffix, deadLetters);
            allStores.Add(deadLetters);
        }
    }
}
