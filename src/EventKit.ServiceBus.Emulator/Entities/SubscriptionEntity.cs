using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A topic subscription: its rules and its store.</summary>
internal sealed class SubscriptionEntity
{
    private readonly Action<string, BrokeredMessage> forward;
    private readonly object ruleChanges = new();
    private volatile CompiledRule[] rules;
    private EntityProperties properties;

    // The subscription's messages and dead letters count toward its topic's size quota, so the topic's quota is passed in.
    public SubscriptionEntity(string topicName, SubscriptionDefinition definition, TimeProvider time, Action<string, BrokeredMessage> forward, EntitySizeQuota topicQuota)
    {
        this.forward = forward;
        Name = definition.Name;
        properties = definition.Properties;
        var path = $"{topicName}/Subscriptions/{definition.Name}";
        rules = definition.Rules.Count == 0
            ? [CompiledRule.MatchAll]
            : definition.Rules.Select(r => CompiledRule.Compile($"Subscription '{topicName}/{definition.Name}'", r)).ToArray();
        var deadLetters = new MessageStore(path + "/$DeadLetterQueue", EntityKind.Subscription, QueueEntity.DeadLetterProperties(definition.Properties), time, null, forward, topicQuota) { Lifetime = Lifetime };
        Store = new MessageStore(path, EntityKind.Subscription, definition.Properties, time, deadLetters, forward, topicQuota) { Lifetime = Lifetime };
    }

    public string Name { get; }

    public EntityProperties Properties => Volatile.Read(ref properties);

    /// <summary>Deleted when this subscription, or its topic, is deleted at run time.</summary>
    public EntityLifetime Lifetime { get; } = new();

    public MessageStore Store { get; }

    public IReadOnlyList<CompiledRule> Rules => rules;

    /// <summary>Journals this subscription's messages and session states from now on.</summary>
    public void AttachJournal(Persistence.MessageJournal journal)
    {
        Store.AttachJournal(journal);
        Store.DeadLetters!.AttachJournal(journal);
    }

    /// <summary>Adds a rule at run time (the SDK's rule manager). Returns false when the name is taken.</summary>
    public bool TryAddRule(CompiledRule rule)
    {
        lock (ruleChanges)
        {
            if (rules.Any(r => string.Equals(r.Name, rule.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            rules = [.. rules, rule];
            return true;
        }
    }

    /// <summary>Replaces a rule of the same name at run time. Returns false when there is no rule of that name.</summary>
    public bool TryReplaceRule(CompiledRule rule)
    {
        lock (ruleChanges)
        {
            var index = Array.FindIndex(rules, r => string.Equals(r.Name, rule.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return false;
            }

            var updated = (CompiledRule[])rules.Clone();
            updated[index] = rule;
            rules = updated;
            return true;
        }
    }

    /// <summary>Replaces the properties at run time; whether sessions are required is fixed at creation, as in Azure.</summary>
    public void UpdateProperties(EntityProperties updated)
    {
        Volatile.Write(ref properties, updated);
        Store.Properties = updated;
        Store.DeadLetters!.Properties = QueueEntity.DeadLetterProperties(updated);
    }

    /// <summary>Removes a rule at run time. Returns false when there is no rule of that name.</summary>
    public bool TryRemoveRule(string name)
    {
        lock (ruleChanges)
        {
            var remaining = rules.Where(r => !string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (remaining.Length == rules.Length)
            {
                return false;
            }

            rules = remaining;
            return true;
        }
    }

    /// <summary>Offers a topic message: if any rule matches, a copy with the matching rules' actions applied is enqueued.</summary>
    public void Offer(BrokeredMessage message)
    {
        var current = rules;
        BrokeredMessage? copy = null;
        foreach (var rule in current)
        {
            if (!rule.Matches(message))
            {
                continue;
            }

            copy ??= message.CopyForEntity();
            if (rule.HasAction)
            {
                rule.ApplyAction(copy);
            }
        }

        if (copy is null)
        {
            return;
        }

        if (Properties.ForwardTo is { } target)
        {
            if (copy.TransferHops >= MessagingNamespace.MaxTransferHops)
            {
                Store.DeadLetterOnArrival(copy, DeadLetterReasons.MaxTransferHopCountExceeded, $"The message was forwarded more than {MessagingNamespace.MaxTransferHops} times.");
                return;
            }

            forward(target, copy);
            return;
        }

        Store.Enqueue(copy);
    }
}
