using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Tests.Topology;

/// <summary>
/// The code's <c>[ServiceBusTrigger]</c>s and infra/servicebus.topology.json describe the same topic, subscriptions and
/// routing; a drift would leave a trigger listening to nothing or a subscription filling up unread.
/// </summary>
public sealed partial class ServiceBusTopologyTests
{
    private const string TriggerAttributeName = "Microsoft.Azure.Functions.Worker.ServiceBusTriggerAttribute";
    private const string DeadLetterQueueSuffix = "/$DeadLetterQueue";

    /// <summary>What each subscriber's code handles; anything else it dead-letters (see SettlementPolicyTests).</summary>
    public static TheoryData<string, string[]> HandledEventTypes => new()
    {
        { OrderTopic.FulfillmentSubscription, [OrderPlaced.EventType] },
#if (!minimal)
        { OrderTopic.NotificationsSubscription, [OrderCompleted.EventType, OrderFailed.EventType, OrderPlaced.EventType] },
        { OrderTopic.ProjectionsSubscription, [.. EventCatalog.EventTypes] },
#endif
    };

    [Fact]
    public void Triggers_EverySubscriptionTheCodeListensTo_ExistsInTopologyFile()
    {
        var declared = TopologySubscriptions().Keys.ToHashSet();

        var triggers = Triggers();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger => Assert.Contains((trigger.Topic, trigger.Subscription), declared));
    }

    [Fact]
    public void DeadLetterQueueTriggers_AreNamedRecordSomethingDeadLetter_SoTheRecordedAlertSeesThem()
    {
        var recorders = Triggers().Where(trigger => trigger.DeadLetterQueue).ToList();

        Assert.NotEmpty(recorders);
        // infra/modules/alerts.bicep: requests | where name matches regex '^Record.+DeadLetter$'
        Assert.All(recorders, trigger => Assert.Matches("^Record.+DeadLetter$", trigger.Function));
    }

    [Fact]
    public void TopologyFile_EverySubscription_HasATriggerAndADeadLetterRecorder()
    {
        var triggers = Triggers();

        foreach (var (topic, subscription) in TopologySubscriptions().Keys)
        {
            Assert.Contains(triggers, trigger => trigger.Topic == topic && trigger.Subscription == subscription && !trigger.DeadLetterQueue);
            Assert.Contains(triggers, trigger => trigger.Topic == topic && trigger.Subscription == subscription && trigger.DeadLetterQueue);
        }
    }

    [Fact]
    public void Triggers_Everywhere_SettleExplicitlyOnTheNamedConnection()
    {
        Assert.All(Triggers(), trigger =>
        {
            Assert.False(trigger.AutoComplete, $"{trigger.Function} must settle through MessageSettlement (AutoCompleteMessages = false).");
            Assert.Equal(OrderTopic.Connection, trigger.Connection);
        });
    }

    [Theory]
    [MemberData(nameof(HandledEventTypes))]
    public void SubscriptionFilter_AdmitsExactlyTheEventTypesItsFunctionHandles(string subscription, string[] handled)
    {
        var rules = TopologySubscriptions()[(OrderTopic.Name, subscription)];
        var candidates = EventCatalog.EventTypes.Concat(["orders.placed.v9", "orders.refunded.v1", "payments.placed.v1", "ORDERS.PLACED.V1"]);

        var admitted = candidates.Where(label => rules.Any(rule => rule(label)));

        Assert.Equal(handled.Order(StringComparer.Ordinal), admitted.Where(EventCatalog.EventTypes.Contains).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("payments.placed.v1", admitted);
    }

    private sealed record Trigger(string Function, string Topic, string Subscription, bool DeadLetterQueue, bool AutoComplete, string? Connection);

    private static List<Trigger> Triggers()
    {
        var triggers = new List<Trigger>();
        foreach (var method in typeof(OrderTopic).Assembly.GetTypes().SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            foreach (var attribute in method.GetParameters().SelectMany(parameter => parameter.GetCustomAttributes()).Where(attribute => attribute.GetType().FullName == TriggerAttributeName))
            {
                string? Read(string property) => (string?)attribute.GetType().GetProperty(property)!.GetValue(attribute);
                var topic = Read("TopicName") ?? throw new InvalidOperationException($"{function.Name} listens to a queue; this app uses topics only.");
                var subscription = Read("SubscriptionName")!;
                var deadLetterQueue = subscription.EndsWith(DeadLetterQueueSuffix, StringComparison.OrdinalIgnoreCase);
                triggers.Add(new Trigger(
                    function.Name,
                    topic,
                    deadLetterQueue ? subscription[..^DeadLetterQueueSuffix.Length] : subscription,
                    deadLetterQueue,
                    (bool)attribute.GetType().GetProperty("AutoCompleteMessages")!.GetValue(attribute)!,
                    Read("Connection")));
            }
        }

        return triggers;
    }

    /// <summary>(topic, subscription) → one label predicate per rule of the topology file.</summary>
    private static Dictionary<(string Topic, string Subscription), List<Func<string, bool>>> TopologySubscriptions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json")));
        var result = new Dictionary<(string, string), List<Func<string, bool>>>();
        foreach (var topic in document.RootElement.GetProperty("UserConfig").GetProperty("Namespaces").EnumerateArray().SelectMany(ns => ns.GetProperty("Topics").EnumerateArray()))
        {
            foreach (var subscription in topic.GetProperty("Subscriptions").EnumerateArray())
            {
                var rules = subscription.TryGetProperty("Rules", out var declared) ? declared.EnumerateArray().Select(LabelPredicate).ToList() : [];
                if (rules.Count == 0)
                {
                    rules.Add(_ => true);
                }

                result[(topic.GetProperty("Name").GetString()!, subscription.GetProperty("Name").GetString()!)] = rules;
            }
        }

        return result;
    }

    /// <summary>
    /// Evaluates the filter forms this topology uses on the message's Label (Subject): a correlation filter on Label,
    /// and SQL <c>sys.Label IN (...)</c>, <c>sys.Label = '...'</c> or <c>sys.Label LIKE '...'</c>. Anything else fails the
    /// test, so a new filter form must be taught here before it ships untested.
    /// </summary>
    private static Func<string, bool> LabelPredicate(JsonElement rule)
    {
        var properties = rule.GetProperty("Properties");
        switch (properties.GetProperty("FilterType").GetString())
        {
            case "Correlation":
                var correlation = properties.GetProperty("CorrelationFilter");
                var fields = correlation.EnumerateObject().Select(field => field.Name).ToList();
                Assert.True(fields.SequenceEqual(["Label"]), $"Rule {rule.GetProperty("Name")} filters on {string.Join(", ", fields)}; this test understands Label only.");
                var label = correlation.GetProperty("Label").GetString();
                return candidate => string.Equals(candidate, label, StringComparison.Ordinal);
            case "Sql":
                var expression = properties.GetProperty("SqlFilter").GetProperty("SqlExpression").GetString()!.Trim();
                if (SqlIn().Match(expression) is { Success: true } inList)
                {
                    var labels = SqlLiteral().Matches(inList.Groups["list"].Value).Select(literal => literal.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
                    return labels.Contains;
                }

                if (SqlEquals().Match(expression) is { Success: true } equals)
                {
                    var value = equals.Groups["value"].Value;
                    return candidate => string.Equals(candidate, value, StringComparison.Ordinal);
                }

                if (SqlLike().Match(expression) is { Success: true } like)
                {
                    var pattern = new Regex("^" + string.Concat(like.Groups["value"].Value.Select(character => character switch
                    {
                        '%' => ".*",
                        '_' => ".",
                        _ => Regex.Escape(character.ToString()),
                    })) + "$", RegexOptions.CultureInvariant);
                    return pattern.IsMatch;
                }

                Assert.Fail($"Rule {rule.GetProperty("Name")} uses SQL this test cannot evaluate: {expression}");
                return _ => false;
            default:
                Assert.Fail($"Rule {rule.GetProperty("Name")} has an unknown filter type.");
                return _ => false;
        }
    }

    [GeneratedRegex(@"^sys\.Label\s+IN\s*\((?<list>[^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SqlIn();

    [GeneratedRegex(@"^sys\.Label\s*=\s*'(?<value>(?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex SqlEquals();

    [GeneratedRegex(@"^sys\.Label\s+LIKE\s+'(?<value>(?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex SqlLike();

    [GeneratedRegex(@"'(?<value>(?:[^']|'')*)'")]
    private static partial Regex SqlLiteral();
}
