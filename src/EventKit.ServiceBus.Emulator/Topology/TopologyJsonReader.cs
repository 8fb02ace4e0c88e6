using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace EventKit.ServiceBus.Emulator;

/// <summary>Reads the official emulator's Config.json shape into definitions, naming the entity and property on error.</summary>
internal static class TopologyJsonReader
{
    private static readonly HashSet<string> KnownEntityProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive", "DuplicateDetectionHistoryTimeWindow",
        "ForwardDeadLetteredMessagesTo", "ForwardTo", "LockDuration", "MaxDeliveryCount",
        "RequiresDuplicateDetection", "RequiresSession", "EnableBatchedOperations", "MaxSizeInMegabytes",
        "AutoDeleteOnIdle", "EnablePartitioning", "Status", "UserMetadata", "DeadLetteringOnFilterEvaluationExceptions",
    };

    public static (string Name, List<QueueDefinition> Queues, List<TopicDefinition> Topics) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !TryGet(root, "UserConfig", out var userConfig) || userConfig.ValueKind != JsonValueKind.Object)
        {
            throw new EmulatorTopologyException("The topology must be an object with a 'UserConfig' object (the official emulator's Config.json shape).");
        }

        if (!TryGet(userConfig, "Namespaces", out var namespaces) || namespaces.ValueKind != JsonValueKind.Array || namespaces.GetArrayLength() == 0)
        {
            throw new EmulatorTopologyException("'UserConfig.Namespaces' must be a non-empty array.");
        }

        if (namespaces.GetArrayLength() > 1)
        {
            throw new EmulatorTopologyException("'UserConfig.Namespaces' holds more than one namespace; the emulator serves exactly one, as the official one does.");
        }

        var ns = namespaces[0];
        var name = ReadString(ns, "Name", "Namespace") ?? "sbemulatorns";
        var queues = new List<QueueDefinition>();
        if (TryGet(ns, "Queues", out var queueArray) && queueArray.ValueKind != JsonValueKind.Null)
        {
            foreach (var queue in EnumerateArray(queueArray, $"Namespace '{name}'", "Queues"))
            {
                var queueName = RequireName(queue, $"A queue in namespace '{name}'");
                queues.Add(new QueueDefinition(queueName, ReadProperties(queue, $"Queue '{queueName}'")));
            }
        }

        var topics = new List<TopicDefinition>();
        if (TryGet(ns, "Topics", out var topicArray) && topicArray.ValueKind != JsonValueKind.Null)
        {
            foreach (var topic in EnumerateArray(topicArray, $"Namespace '{name}'", "Topics"))
            {
                var topicName = RequireName(topic, $"A topic in namespace '{name}'");
                var subscriptions = new List<SubscriptionDefinition>();
                if (TryGet(topic, "Subscriptions", out var subscriptionArray) && subscriptionArray.ValueKind != JsonValueKind.Null)
                {
                    foreach (var subscription in EnumerateArray(subscriptionArray, $"Topic '{topicName}'", "Subscriptions"))
                    {
                        var subscriptionName = RequireName(subscription, $"A subscription of topic '{topicName}'");
                        var owner = $"Subscription '{topicName}/{subscriptionName}'";
                        subscriptions.Add(new SubscriptionDefinition(subscriptionName, ReadProperties(subscription, owner), ReadRules(subscription, owner)));
                    }
                }

                topics.Add(new TopicDefinition(topicName, ReadProperties(topic, $"Topic '{topicName}'"), subscriptions));
            }
        }

        return (name, queues, topics);
    }

    private static List<RuleDefinition> ReadRules(JsonElement subscription, string owner)
    {
        var rules = new List<RuleDefinition>();
        if (!TryGet(subscription, "Rules", out var ruleArray) || ruleArray.ValueKind == JsonValueKind.Null)
        {
            return rules;
        }

        foreach (var rule in EnumerateArray(ruleArray, owner, "Rules"))
        {
            var ruleName = RequireName(rule, $"A rule of {owner.ToLowerInvariant()}");
            var ruleOwner = $"{owner} rule '{ruleName}'";
            if (!TryGet(rule, "Properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                throw new EmulatorTopologyException($"{ruleOwner}: property 'Properties' must be an object with 'FilterType'.");
            }

            var filterType = ReadString(properties, "FilterType", ruleOwner);
            string? action = null;
            if (TryGet(properties, "Action", out var actionElement) && actionElement.ValueKind == JsonValueKind.Object)
            {
                action = ReadString(actionElement, "SqlExpression", ruleOwner + " Action");
            }

            if (string.Equals(filterType, "Sql", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryGet(properties, "SqlFilter", out var sql) || sql.ValueKind != JsonValueKind.Object)
                {
                    throw new EmulatorTopologyException($"{ruleOwner}: property 'SqlFilter' must be an object with 'SqlExpression' when 'FilterType' is 'Sql'.");
                }

                var expression = ReadString(sql, "SqlExpression", ruleOwner + " SqlFilter")
                    ?? throw new EmulatorTopologyException($"{ruleOwner}: property 'SqlFilter.SqlExpression' is required.");
                rules.Add(new RuleDefinition(ruleName, expression, null, action));
            }
            else if (string.Equals(filterType, "Correlation", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryGet(properties, "CorrelationFilter", out var correlation) || correlation.ValueKind != JsonValueKind.Object)
                {
                    throw new EmulatorTopologyException($"{ruleOwner}: property 'CorrelationFilter' must be an object when 'FilterType' is 'Correlation'.");
                }

                rules.Add(new RuleDefinition(ruleName, null, ReadCorrelation(correlation, ruleOwner), action));
            }
            else
            {
                throw new EmulatorTopologyException($"{ruleOwner}: property 'FilterType' must be 'Sql' or 'Correlation', not '{filterType}'.");
            }
        }

        return rules;
    }

    private static CorrelationFilterDefinition ReadCorrelation(JsonElement element, string owner)
    {
        var userProperties = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? Get(string name) => ReadString(element, name, owner + " CorrelationFilter");
        if (TryGet(element, "Properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                userProperties[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when property.Value.TryGetInt64(out var integer) => integer,
                    JsonValueKind.Number => property.Value.GetDouble(),
                    JsonValueKind.Null => null,
                    _ => throw new EmulatorTopologyException($"{owner}: property 'CorrelationFilter.Properties.{property.Name}' must be a string, number, boolean or null."),
                };
            }
        }

        return new CorrelationFilterDefinition
        {
            CorrelationId = Get("CorrelationId"),
            MessageId = Get("MessageId"),
            To = Get("To"),
            ReplyTo = Get("ReplyTo"),
            Label = Get("Label") ?? Get("Subject"),
            SessionId = Get("SessionId"),
            ReplyToSessionId = Get("ReplyToSessionId"),
            ContentType = Get("ContentType"),
            Properties = userProperties,
        };
    }

    private static EntityProperties ReadProperties(JsonElement entity, string owner)
    {
        if (!TryGet(entity, "Properties", out var properties) || properties.ValueKind == JsonValueKind.Null)
        {
            return new EntityProperties();
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            throw new EmulatorTopologyException($"{owner}: property 'Properties' must be an object.");
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (!KnownEntityProperties.Contains(property.Name))
            {
                throw new EmulatorTopologyException($"{owner}: property '{property.Name}' is not a known entity property.");
            }
        }

        var defaults = new EntityProperties();
        return new EntityProperties
        {
            DeadLetteringOnMessageExpiration = ReadBool(properties, "DeadLetteringOnMessageExpiration", owner) ?? defaults.DeadLetteringOnMessageExpiration,
            DefaultMessageTimeToLive = ReadDuration(properties, "DefaultMessageTimeToLive", owner) ?? defaults.DefaultMessageTimeToLive,
            DuplicateDetectionHistoryTimeWindow = ReadDuration(properties, "DuplicateDetectionHistoryTimeWindow", owner) ?? defaults.DuplicateDetectionHistoryTimeWindow,
            ForwardDeadLetteredMessagesTo = NullIfEmpty(ReadString(properties, "ForwardDeadLetteredMessagesTo", owner)),
            ForwardTo = NullIfEmpty(ReadString(properties, "ForwardTo", owner)),
            LockDuration = ReadDuration(properties, "LockDuration", owner) ?? defaults.LockDuration,
            MaxDeliveryCount = ReadInt(properties, "MaxDeliveryCount", owner) ?? defaults.MaxDeliveryCount,
            MaxSizeInMegabytes = ReadInt(properties, "MaxSizeInMegabytes", owner) ?? defaults.MaxSizeInMegabytes,
            RequiresDuplicateDetection = ReadBool(properties, "RequiresDuplicateDetection", owner) ?? defaults.RequiresDuplicateDetection,
            RequiresSession = ReadBool(properties, "RequiresSession", owner) ?? defaults.RequiresSession,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static JsonElement.ArrayEnumerator EnumerateArray(JsonElement element, string owner, string property)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new EmulatorTopologyException($"{owner}: property '{property}' must be an array.");
        }

        return element.EnumerateArray();
    }

    private static string RequireName(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new EmulatorTopologyException($"{what} must be an object.");
        }

        var name = ReadString(element, "Name", what);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new EmulatorTopologyException($"{what}: property 'Name' is required.");
        }

        return name;
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? ReadString(JsonElement element, string name, string owner)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new EmulatorTopologyException($"{owner}: property '{name}' must be a string.");
    }

    private static bool? ReadBool(JsonElement element, string name, string owner)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw new EmulatorTopologyException($"{owner}: property '{name}' must be true or false."),
        };
    }

    private static int? ReadInt(JsonElement element, string name, string owner)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new EmulatorTopologyException($"{owner}: property '{name}' must be an integer.");
    }

    private static TimeSpan? ReadDuration(JsonElement element, string name, string owner)
    {
        var text = ReadString(element, name, owner);
        if (text is null)
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException exception)
        {
            throw new EmulatorTopologyException($"{owner}: property '{name}' value '{text}' is not an ISO 8601 duration such as 'PT1M'.", exception);
        }
        catch (OverflowException exception)
        {
            throw new EmulatorTopologyException($"{owner}: property '{name}' value '{text}' is out of range.", exception);
        }
    }
}
