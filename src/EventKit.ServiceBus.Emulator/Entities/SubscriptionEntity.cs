using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A topic subscription: its rules and its store.</summary>
internal sealed class SubscriptionEntity
{
    private readonly Action<string, BrokeredMessage> forward;
    private readonly object ruleChanges = new();
    private volatile CompiledRule[] rules;

    // The subscription's messages and dead letters count toward its topic's size quota, so the topic's quota is passed in.
    public SubscriptionEntity(string topicName, SubscriptionDefinition definition, TimeProvider time, Action<string, BrokeredMessage> forward, EntitySizeQuota topicQuota)
    {
        this.forward = forward;
        Name = definition.Name;
        Properties = definition.Properties;
        var path = $"{topicName}/Subscriptions/{definition.Name}";
        rules = definition.Rules.Count == 0
            ? [CompiledRule.MatchAll]
            : definition.Rules.Select(r => CompiledRule.Compile($"Subscription '{topicName}/{definition.Name}'", r)).ToArray();
        var deadLetters = new MessageStore(path + "/$DeadLetterQueue", EntityKind.Subscription, new EntityProperties { LockDuration = definition.Properties.LockDuration, MaxDeliveryCount = int.MaxValue }, time, null, forward, topicQuota);
        Store = new MessageStore(path, EntityKind.Subscription, definition.Properties, time, deadLetters, forward, topicQuota);
    }

    public string Name { get; }

    public EntityProperties Properties { get; }

    public MessageStore Store { get; }

    public IReadOnlyList<CompiledRule> Rules => rules;

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
