using EventKit.ServiceBus.Emulator.Persistence;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The emulator's entities: built from the topology, changed at run time by the administration endpoint, and read
/// without locks through an immutable <see cref="EntityIndex"/>. It resolves addresses, forwards messages between
/// entities, expires locks and messages, and reports counts.
/// </summary>
internal sealed class MessagingNamespace
{
    public const int MaxTransferHops = 4;
    private readonly object changes = new();
    private readonly List<SendTargetBase> sendTargets = [];
    private readonly TimeProvider time;
    private readonly MessageJournal? journal;
    private volatile EntityIndex index = EntityIndex.Build([]);

    /// <param name="topology">The entities to build.</param>
    /// <param name="time">The clock.</param>
    /// <param name="journal">Where every entity, including those created at run time, journals its changes; null keeps everything in memory only.</param>
    public MessagingNamespace(EmulatorTopology topology, TimeProvider time, MessageJournal? journal = null)
    {
        this.time = time;
        this.journal = journal;
        foreach (var queue in topology.Queues)
        {
            AddQueue(queue);
        }

        foreach (var topic in topology.Topics)
        {
            AddTopic(topic);
        }
    }

    /// <summary>The queues and topics as they are now.</summary>
    public IEnumerable<SendTargetBase> SendTargets => index.SendTargets.Values;

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

    public SendTargetBase? FindSendTarget(string path) => index.SendTargets.GetValueOrDefault(path);

    public MessageStore? FindStore(string path) => index.Stores.GetValueOrDefault(path);

    public SubscriptionEntity? FindSubscription(string path)
    {
        var parts = path.Split('/');
        if (parts.Length == 3 && string.Equals(parts[1], "Subscriptions", StringComparison.OrdinalIgnoreCase) && FindSendTarget(parts[0]) is TopicEntity topic)
        {
            return topic.FindSubscription(parts[2]);
        }

        return null;
    }

    /// <summary>Creates a queue: the one path for queues of the topology file and queues created at run time.</summary>
    /// <exception cref="InvalidOperationException">A queue or topic of that name exists.</exception>
    public QueueEntity AddQueue(QueueDefinition definition)
    {
        var queue = new QueueEntity(definition.Name, definition.Properties, time, Forward);
        if (journal is not null)
        {
            queue.AttachJournal(journal);
        }

        Change(() =>
        {
            EnsureFree(definition.Name);
            sendTargets.Add(queue);
        });
        return queue;
    }

    /// <summary>Creates a topic with its subscriptions.</summary>
    /// <exception cref="InvalidOperationException">A queue or topic of that name exists.</exception>
    public TopicEntity AddTopic(TopicDefinition definition)
    {
        var quota = new EntitySizeQuota(definition.Properties.MaxSizeInMegabytes);
        var subscriptions = definition.Subscriptions.Select(s => new SubscriptionEntity(definition.Name, s, time, Forward, quota)).ToList();
        var topic = new TopicEntity(definition.Name, definition.Properties, time, subscriptions, quota);
        if (journal is not null)
        {
            topic.AttachJournal(journal);
        }

        Change(() =>
        {
            EnsureFree(definition.Name);
            sendTargets.Add(topic);
        });
        return topic;
    }

    /// <summary>Adds a subscription to a topic; messages published from now on are offered to it.</summary>
    /// <exception cref="InvalidOperationException">The topic was deleted, or has a subscription of that name.</exception>
    public SubscriptionEntity AddSubscription(TopicEntity topic, SubscriptionDefinition definition)
    {
        var subscription = new SubscriptionEntity(topic.Path, definition, time, Forward, topic.Quota);
        if (journal is not null)
        {
            subscription.AttachJournal(journal);
        }

        Change(() =>
        {
            if (!sendTargets.Contains(topic) || topic.FindSubscription(definition.Name) is not null)
            {
                throw new InvalidOperationException($"The topic '{topic.Path}' was deleted or already has a subscription '{definition.Name}'.");
            }

            topic.AddSubscription(subscription);
        });
        return subscription;
    }

    /// <summary>Deletes a queue or topic (with its subscriptions) and closes the links attached to any of them.</summary>
    public void Delete(SendTargetBase target)
    {
        Change(() => sendTargets.Remove(target));
        target.Lifetime.MarkDeleted();
        if (target is TopicEntity topic)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                subscription.Lifetime.MarkDeleted();
            }
        }
    }

    /// <summary>Deletes a subscription and closes the links attached to it.</summary>
    public void DeleteSubscription(TopicEntity topic, SubscriptionEntity subscription)
    {
        Change(() => topic.RemoveSubscription(subscription));
        subscription.Lifetime.MarkDeleted();
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
        var current = index;
        foreach (var target in current.SendTargets.Values)
        {
            target.ReleaseDueScheduled();
        }

        foreach (var store in current.AllStores)
        {
            store.Sweep();
        }
    }

    public EntityCounts? GetCounts(string path)
    {
        path = NormalizeAddress(path);
        var current = index;
        if (current.SendTargets.TryGetValue(path, out var target))
        {
            if (target is QueueEntity queue)
            {
                return Count(queue.Store, EntityKind.Queue, target.Scheduled.Count);
            }

            return new EntityCounts(target.Path, EntityKind.Topic, 0, target.Scheduled.Count, 0, 0, 0);
        }

        return current.Stores.TryGetValue(path, out var store) && store.DeadLetters is not null ? Count(store, store.Kind, 0) : null;
    }

    /// <summary>How many receivers wait for a session of the queue or subscription at <paramref name="path"/>; null when there is none.</summary>
    public int? WaitingSessionReceivers(string path)
    {
        var current = index;
        path = NormalizeAddress(path);
        return current.SendTargets.TryGetValue(path, out var target) && target is QueueEntity queue ? queue.Store.Counts().WaitingSessionReceivers
            : current.Stores.TryGetValue(path, out var store) && store.DeadLetters is not null ? store.Counts().WaitingSessionReceivers
            : null;
    }

    public IReadOnlyList<EntityCounts> GetAllCounts()
    {
        var result = new List<EntityCounts>();
        foreach (var target in index.SendTargets.Values)
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
        var (active, deferred, locked, _) = store.Counts();
        var (deadLetter, deadLetterDeferred, _, _) = store.DeadLetters!.Counts();
        return new EntityCounts(store.Path, kind, active, scheduled, deadLetter + deadLetterDeferred, deferred, locked);
    }

    private void EnsureFree(string name)
    {
        if (sendTargets.Exists(t => string.Equals(t.Path, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A queue or topic named '{name}' exists.");
        }
    }

    /// <summary>Applies a structural change and publishes the new index, one change at a time.</summary>
    private void Change(Action change)
    {
        lock (changes)
        {
            change();
            index = EntityIndex.Build(sendTargets);
        }
    }
}
