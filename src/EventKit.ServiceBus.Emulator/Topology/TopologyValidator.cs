namespace EventKit.ServiceBus.Emulator;

/// <summary>Checks a topology's names, ranges, forwarding targets and rules, naming the entity and property at fault.</summary>
internal static class TopologyValidator
{
    public static void Validate(EmulatorTopology topology)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var queue in topology.Queues)
        {
            var owner = $"Queue '{queue.Name}'";
            CheckName(queue.Name, owner);
            if (!names.Add(queue.Name))
            {
                throw new EmulatorTopologyException($"{owner}: property 'Name' duplicates another queue or topic.");
            }

            CheckProperties(queue.Properties, owner);
        }

        foreach (var topic in topology.Topics)
        {
            var owner = $"Topic '{topic.Name}'";
            CheckName(topic.Name, owner);
            if (!names.Add(topic.Name))
            {
                throw new EmulatorTopologyException($"{owner}: property 'Name' duplicates another queue or topic.");
            }

            CheckProperties(topic.Properties, owner);
            if (topic.Properties.RequiresSession)
            {
                throw new EmulatorTopologyException($"{owner}: property 'RequiresSession' applies to queues and subscriptions, not topics.");
            }

            var subscriptionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var subscription in topic.Subscriptions)
            {
                var subscriptionOwner = $"Subscription '{topic.Name}/{subscription.Name}'";
                CheckName(subscription.Name, subscriptionOwner);
                if (!subscriptionNames.Add(subscription.Name))
                {
                    throw new EmulatorTopologyException($"{subscriptionOwner}: property 'Name' duplicates another subscription of the topic.");
                }

                CheckProperties(subscription.Properties, subscriptionOwner);
                if (subscription.Properties.MaxSizeInMegabytes != EntityProperties.DefaultMaxSizeInMegabytes)
                {
                    throw new EmulatorTopologyException($"{subscriptionOwner}: property 'MaxSizeInMegabytes' applies to queues and topics, not subscriptions (a subscription's messages count toward its topic).");
                }

                var ruleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var rule in subscription.Rules)
                {
                    if (string.IsNullOrWhiteSpace(rule.Name) || !ruleNames.Add(rule.Name))
                    {
                        throw new EmulatorTopologyException($"{subscriptionOwner} rule '{rule.Name}': property 'Name' is empty or duplicated.");
                    }

                    EmulatorTopology.CompileRule(subscriptionOwner, rule);
                }
            }
        }

        foreach (var (owner, properties) in AllEntities(topology))
        {
            CheckTarget(names, owner, "ForwardTo", properties.ForwardTo);
            CheckTarget(names, owner, "ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo);
        }
    }

    private static IEnumerable<(string Owner, EntityProperties Properties)> AllEntities(EmulatorTopology topology)
    {
        foreach (var queue in topology.Queues)
        {
            yield return ($"Queue '{queue.Name}'", queue.Properties);
        }

        foreach (var topic in topology.Topics)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                yield return ($"Subscription '{topic.Name}/{subscription.Name}'", subscription.Properties);
            }
        }
    }

    private static void CheckTarget(HashSet<string> names, string owner, string property, string? target)
    {
        if (target is not null && !names.Contains(target))
        {
            throw new EmulatorTopologyException($"{owner}: property '{property}' names '{target}', which is not a queue or topic of the topology.");
        }
    }

    private static void CheckName(string name, string owner)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 260 || name.Contains('$', StringComparison.Ordinal) || name.StartsWith('/') || name.EndsWith('/'))
        {
            throw new EmulatorTopologyException($"{owner}: property 'Name' must be 1-260 characters without '$' or a leading or trailing '/'.");
        }
    }

    /// <summary>The range checks every queue, topic and subscription passes, from the topology file or the administration endpoint.</summary>
    internal static void CheckProperties(EntityProperties properties, string owner)
    {
        if (properties.LockDuration <= TimeSpan.Zero || properties.LockDuration > TimeSpan.FromMinutes(5))
        {
            throw new EmulatorTopologyException($"{owner}: property 'LockDuration' must be greater than zero and at most 5 minutes (PT5M).");
        }

        if (properties.MaxSizeInMegabytes < 1 || properties.MaxSizeInMegabytes > EntityProperties.LargestMaxSizeInMegabytes)
        {
            throw new EmulatorTopologyException($"{owner}: property 'MaxSizeInMegabytes' must be between 1 and {EntityProperties.LargestMaxSizeInMegabytes} (megabytes; Azure's default is {EntityProperties.DefaultMaxSizeInMegabytes}).");
        }

        if (properties.MaxDeliveryCount < 1)
        {
            throw new EmulatorTopologyException($"{owner}: property 'MaxDeliveryCount' must be at least 1.");
        }

        if (properties.DefaultMessageTimeToLive <= TimeSpan.Zero)
        {
            throw new EmulatorTopologyException($"{owner}: property 'DefaultMessageTimeToLive' must be greater than zero.");
        }

        if (properties.DuplicateDetectionHistoryTimeWindow <= TimeSpan.Zero || properties.DuplicateDetectionHistoryTimeWindow > TimeSpan.FromDays(7))
        {
            throw new EmulatorTopologyException($"{owner}: property 'DuplicateDetectionHistoryTimeWindow' must be greater than zero and at most 7 days.");
        }
    }
}
