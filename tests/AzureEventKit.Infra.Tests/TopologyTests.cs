using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>The Service Bus entities deployed are exactly those of infra/servicebus.topology.json, with its properties.</summary>
public sealed class TopologyTests
{
    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    private static JsonNode TopologyNamespace() =>
        JsonNode.Parse(File.ReadAllText(Repository.TopologyFile))!["UserConfig"]!["Namespaces"]!.AsArray().Single()!;

    private static JsonArray TopologyTopics() => TopologyNamespace()["Topics"]!.AsArray();

    private static JsonArray TopologyQueues() => TopologyNamespace()["Queues"]?.AsArray() ?? [];

    private static string CamelCase(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    private static JsonObject ByName(SnapshotDocument snapshot, string type, string nameAfterNamespace)
    {
        var matches = snapshot.OfType(type)
            .Where(r => ((string)r["name"]!).Split('/', 2)[1].Equals(nameAfterNamespace, StringComparison.Ordinal))
            .ToList();
        Assert.True(matches.Count == 1, $"[{snapshot.Set}] expected one {type} named {nameAfterNamespace}, found {matches.Count}");
        return matches[0];
    }

    private static void AssertProperties(JsonNode? emulatorProperties, JsonNode armProperties, string what)
    {
        foreach (var (key, value) in emulatorProperties?.AsObject() ?? [])
        {
            var actual = armProperties[CamelCase(key)];
            Assert.True(JsonNode.DeepEquals(value, actual), $"{what}: {key} is {actual?.ToJsonString() ?? "missing"}, topology says {value?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task EveryTopicSubscriptionAndRuleInTopology_IsDeployedWithItsProperties(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var topics = TopologyTopics();
        Assert.NotEmpty(topics);

        foreach (var queue in TopologyQueues())
        {
            var queueName = (string)queue!["Name"]!;
            AssertProperties(queue["Properties"], ByName(snapshot, "Microsoft.ServiceBus/namespaces/queues", queueName)["properties"]!, $"queue {queueName}");
        }

        foreach (var topic in topics)
        {
            var topicName = (string)topic!["Name"]!;
            var topicResource = ByName(snapshot, "Microsoft.ServiceBus/namespaces/topics", topicName);
            AssertProperties(topic["Properties"], topicResource["properties"]!, $"topic {topicName}");

            foreach (var subscription in topic["Subscriptions"]!.AsArray())
            {
                var subscriptionName = (string)subscription!["Name"]!;
                var path = $"{topicName}/{subscriptionName}";
                var subscriptionResource = ByName(snapshot, "Microsoft.ServiceBus/namespaces/topics/subscriptions", path);
                AssertProperties(subscription["Properties"], subscriptionResource["properties"]!, $"subscription {path}");

                foreach (var rule in subscription["Rules"]?.AsArray() ?? [])
                {
                    var ruleName = (string)rule!["Name"]!;
                    var ruleProperties = ByName(snapshot, "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules", $"{path}/{ruleName}")["properties"]!;
                    var filterType = (string)rule["Properties"]!["FilterType"]!;
                    Assert.Equal($"{filterType}Filter", (string?)ruleProperties["filterType"]);
                    if (filterType == "Correlation")
                    {
                        AssertProperties(rule["Properties"]!["CorrelationFilter"], ruleProperties["correlationFilter"]!, $"rule {path}/{ruleName}");
                    }
                    else
                    {
                        Assert.Equal((string?)rule["Properties"]!["SqlFilter"]!["SqlExpression"], (string?)ruleProperties["sqlFilter"]!["sqlExpression"]);
                    }

                    Assert.Equal((string?)rule["Properties"]!["Action"]?["SqlExpression"], (string?)ruleProperties["action"]?["sqlExpression"]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task DeployedServiceBusEntities_AreAllDeclaredInTopology(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var declared = TopologyQueues().Select(q => (string)q!["Name"]!).ToHashSet(StringComparer.Ordinal);
        foreach (var topic in TopologyTopics())
        {
            var topicName = (string)topic!["Name"]!;
            declared.Add(topicName);
            foreach (var subscription in topic["Subscriptions"]!.AsArray())
            {
                var path = $"{topicName}/{subscription!["Name"]}";
                declared.Add(path);
                declared.UnionWith((subscription["Rules"]?.AsArray() ?? []).Select(r => $"{path}/{r!["Name"]}"));
            }
        }

        var deployed = snapshot.Resources
            .Where(r => ((string)r["type"]!).StartsWith("Microsoft.ServiceBus/namespaces/", StringComparison.Ordinal))
            .Select(r => ((string)r["name"]!).Split('/', 2)[1])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(declared.Order(), deployed.Order());
    }

    [Fact]
    public void MessagingModule_LoadsTheTopologyFile()
    {
        var module = File.ReadAllText(Path.Combine(Repository.Infra, "modules", "messaging.bicep"));

        Assert.Contains("loadJsonContent('../servicebus.topology.json')", module, StringComparison.Ordinal);
    }
}
