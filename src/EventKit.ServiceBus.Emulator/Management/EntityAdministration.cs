using System.Runtime.CompilerServices;
using System.Xml.Linq;
using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// Creates, reads, updates, lists and deletes queues, topics, subscriptions and rules at run time. Entities go through
/// the same constructors and checks as those of the topology file. Administration requests run one at a time (they
/// are rare); messaging never waits for them, because the namespace publishes each change as a new index.
/// </summary>
internal sealed class EntityAdministration(MessagingNamespace entities, string namespaceName, TimeProvider time)
{
    private readonly object sync = new();
    private readonly ConditionalWeakTable<object, EntityMetadata> metadata = new();
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    public XElement GetNamespace(AtomEntryWriter writer) => writer.Namespace(namespaceName, startedAt);

    public XElement GetQueueOrTopic(string name, AtomEntryWriter writer)
    {
        lock (sync)
        {
            return Describe(FindTarget(name), writer);
        }
    }

    public XElement ListQueuesOrTopics(bool queues, int skip, int top, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var entries = entities.SendTargets
                .Where(t => queues ? t is QueueEntity : t is TopicEntity)
                .OrderBy(t => t.Path, StringComparer.OrdinalIgnoreCase)
                .Skip(skip).Take(top)
                .Select(t => Describe(t, writer))
                .ToList();
            return writer.Feed(queues ? "$Resources/queues" : "$Resources/topics", queues ? "Queues" : "Topics", entries);
        }
    }

    /// <summary>Creates (no If-Match) or updates (If-Match) the queue or topic the body describes.</summary>
    public (bool Created, XElement Entry) PutQueueOrTopic(string name, string body, bool update, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var isQueue = EntityDescriptionReader.DescriptionKind(body) switch
            {
                "QueueDescription" => true,
                "TopicDescription" => false,
                _ => throw AdministrationException.BadRequest($"'{name}': the request body must be an Atom entry whose content is a QueueDescription or a TopicDescription."),
            };
            var kind = isQueue ? "Queue" : "Topic";
            var owner = $"{kind} '{name}'";
            var description = EntityDescriptionReader.ReadEntity(body, kind + "Description", owner);
            var properties = description.Properties;
            var existing = entities.FindSendTarget(name);
            if (!update)
            {
                EntityNameRules.CheckQueueOrTopic(name, kind.ToLowerInvariant());
                if (existing is not null)
                {
                    throw AdministrationException.Conflict(name);
                }

                Check(properties, owner, name, isQueue);
                SendTargetBase created = isQueue
                    ? entities.AddQueue(new QueueDefinition(name, properties))
                    : entities.AddTopic(new TopicDefinition(name, properties, []));
                Remember(created, description);
                return (true, Describe(created, writer));
            }

            if (existing is null)
            {
                throw AdministrationException.NotFound(name);
            }

            if (existing is QueueEntity != isQueue)
            {
                throw AdministrationException.BadRequest($"'{name}' is a {(isQueue ? "topic" : "queue")}; the request describes a {kind.ToLowerInvariant()}.");
            }

            properties = ReportedRanges.KeepUnraised(properties, existing.Properties);
            CheckUnchanged(owner, "RequiresSession", existing.Properties.RequiresSession, properties.RequiresSession);
            CheckUnchanged(owner, "RequiresDuplicateDetection", existing.Properties.RequiresDuplicateDetection, properties.RequiresDuplicateDetection);
            Check(properties, owner, name, isQueue);
            existing.UpdateProperties(properties);
            Remember(existing, description, update: true);
            return (false, Describe(existing, writer));
        }
    }

    public void DeleteQueueOrTopic(string name)
    {
        lock (sync)
        {
            entities.Delete(FindTarget(name));
        }
    }

    public XElement GetSubscription(string topicName, string name, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var topic = FindTopic(topicName);
            return Describe(topic, FindSubscription(topic, name), writer);
        }
    }

    public XElement ListSubscriptions(string topicName, int skip, int top, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var topic = FindTopic(topicName);
            var entries = topic.Subscriptions
                .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .Skip(skip).Take(top)
                .Select(s => Describe(topic, s, writer))
                .ToList();
            return writer.Feed($"{topic.Path}/Subscriptions", "Subscriptions", entries);
        }
    }

    public (bool Created, XElement Entry) PutSubscription(string topicName, string name, string body, bool update, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var topic = FindTopic(topicName);
            var owner = $"Subscription '{topic.Path}/{name}'";
            var description = EntityDescriptionReader.ReadEntity(body, "SubscriptionDescription", owner);
            var properties = description.Properties;
            var existing = topic.FindSubscription(name);
            if (!update)
            {
                EntityNameRules.CheckSubscription(name);
                if (existing is not null)
                {
                    throw AdministrationException.Conflict($"{topic.Path}/Subscriptions/{name}");
                }

                Check(properties, owner, null, allowsSessions: true);
                var rules = description.DefaultRule is { } rule ? new[] { rule } : [];
                SubscriptionEntity created;
                try
                {
                    created = entities.AddSubscription(topic, new SubscriptionDefinition(name, properties, rules));
                }
                catch (EmulatorTopologyException exception)
                {
                    throw AdministrationException.BadRequest(exception.Message);
                }

                Remember(created, description);
                return (true, Describe(topic, created, writer));
            }

            if (existing is null)
            {
                throw AdministrationException.NotFound($"{topic.Path}/Subscriptions/{name}");
            }

            properties = ReportedRanges.KeepUnraised(properties, existing.Properties);
            CheckUnchanged(owner, "RequiresSession", existing.Properties.RequiresSession, properties.RequiresSession);
            Check(properties, owner, null, allowsSessions: true);
            existing.UpdateProperties(properties);
            Remember(existing, description, update: true);
            return (false, Describe(topic, existing, writer));
        }
    }

    public void DeleteSubscription(string topicName, string name)
    {
        lock (sync)
        {
            var topic = FindTopic(topicName);
            entities.DeleteSubscription(topic, FindSubscription(topic, name));
        }
    }

    public XElement GetRule(string topicName, string subscriptionName, string name, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var (path, subscription) = FindSubscriptionOf(topicName, subscriptionName);
            var rule = subscription.Rules.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw AdministrationException.NotFound($"{path}/Rules/{name}");
            return writer.Rule(path, rule.Definition, MetadataOf(rule));
        }
    }

    public XElement ListRules(string topicName, string subscriptionName, int skip, int top, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var (path, subscription) = FindSubscriptionOf(topicName, subscriptionName);
            var entries = subscription.Rules.Skip(skip).Take(top).Select(r => writer.Rule(path, r.Definition, MetadataOf(r))).ToList();
            return writer.Feed($"{path}/Rules", "Rules", entries);
        }
    }

    public (bool Created, XElement Entry) PutRule(string topicName, string subscriptionName, string name, string body, bool update, AtomEntryWriter writer)
    {
        lock (sync)
        {
            var (path, subscription) = FindSubscriptionOf(topicName, subscriptionName);
            EntityNameRules.CheckRule(name);
            var owner = $"Subscription '{path}' rule '{name}'";
            var definition = EntityDescriptionReader.ReadRule(body, name, owner);
            CompiledRule rule;
            try
            {
                rule = CompiledRule.Compile($"Subscription '{path}'", definition);
            }
            catch (EmulatorTopologyException exception)
            {
                throw AdministrationException.BadRequest(exception.Message);
            }

            var applied = update ? subscription.TryReplaceRule(rule) : subscription.TryAddRule(rule);
            if (!applied)
            {
                throw update ? AdministrationException.NotFound($"{path}/Rules/{name}") : AdministrationException.Conflict($"{path}/Rules/{name}");
            }

            metadata.AddOrUpdate(rule, new EntityMetadata(time.GetUtcNow()));
            return (!update, writer.Rule(path, rule.Definition, MetadataOf(rule)));
        }
    }

    public void DeleteRule(string topicName, string subscriptionName, string name)
    {
        lock (sync)
        {
            var (path, subscription) = FindSubscriptionOf(topicName, subscriptionName);
            if (!subscription.TryRemoveRule(name))
            {
                throw AdministrationException.NotFound($"{path}/Rules/{name}");
            }
        }
    }

    private XElement Describe(SendTargetBase target, AtomEntryWriter writer) => target switch
    {
        QueueEntity queue => writer.Queue(queue, entities.GetCounts(queue.Path)!, MetadataOf(queue)),
        TopicEntity topic => writer.Topic(topic, entities.GetCounts(topic.Path)!, MetadataOf(topic)),
        _ => throw new InvalidOperationException("Unknown entity kind."),
    };

    private XElement Describe(TopicEntity topic, SubscriptionEntity subscription, AtomEntryWriter writer) =>
        writer.Subscription(topic.Path, subscription, entities.GetCounts(subscription.Store.Path)!, MetadataOf(subscription));

    private SendTargetBase FindTarget(string name) => entities.FindSendTarget(name) ?? throw AdministrationException.NotFound(name);

    private TopicEntity FindTopic(string name) => entities.FindSendTarget(name) as TopicEntity ?? throw AdministrationException.NotFound(name);

    private static SubscriptionEntity FindSubscription(TopicEntity topic, string name) =>
        topic.FindSubscription(name) ?? throw AdministrationException.NotFound($"{topic.Path}/Subscriptions/{name}");

    private (string Path, SubscriptionEntity Subscription) FindSubscriptionOf(string topicName, string subscriptionName)
    {
        var topic = FindTopic(topicName);
        var subscription = FindSubscription(topic, subscriptionName);
        return (subscription.Store.Path, subscription);
    }

    /// <summary>The topology file's checks, plus the cross-entity ones: forwarding targets exist and are not the entity itself.</summary>
    private void Check(EntityProperties properties, string owner, string? selfName, bool allowsSessions)
    {
        try
        {
            TopologyValidator.CheckProperties(properties, owner);
        }
        catch (EmulatorTopologyException exception)
        {
            throw AdministrationException.BadRequest(exception.Message);
        }

        if (!allowsSessions && properties.RequiresSession)
        {
            throw AdministrationException.BadRequest($"{owner}: property 'RequiresSession' applies to queues and subscriptions, not topics.");
        }

        CheckForwardTarget(owner, "ForwardTo", properties.ForwardTo, selfName);
        CheckForwardTarget(owner, "ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo, null);
    }

    private void CheckForwardTarget(string owner, string property, string? target, string? selfName)
    {
        if (target is null)
        {
            return;
        }

        if (selfName is not null && string.Equals(target, selfName, StringComparison.OrdinalIgnoreCase))
        {
            throw AdministrationException.BadRequest($"{owner}: property '{property}' cannot name the entity itself.");
        }

        if (entities.FindSendTarget(target) is null)
        {
            throw AdministrationException.BadRequest($"{owner}: property '{property}' names '{target}', which is not a queue or topic of the namespace.");
        }
    }

    private static void CheckUnchanged(string owner, string property, bool current, bool requested)
    {
        if (current != requested)
        {
            throw AdministrationException.BadRequest($"{owner}: property '{property}' cannot be changed after the entity is created.");
        }
    }

    private void Remember(object entity, EntityDescription description, bool update = false)
    {
        var now = time.GetUtcNow();
        var entry = update ? MetadataOf(entity) : new EntityMetadata(now);
        entry.UpdatedAt = now;
        entry.UserMetadata = description.UserMetadata;
        entry.AutoDeleteOnIdle = description.AutoDeleteOnIdle;
        metadata.AddOrUpdate(entity, entry);
    }

    /// <summary>Entities of the topology file have no entry until updated; they report the emulator's start as their creation.</summary>
    private EntityMetadata MetadataOf(object entity) => metadata.GetValue(entity, _ => new EntityMetadata(startedAt));
}
