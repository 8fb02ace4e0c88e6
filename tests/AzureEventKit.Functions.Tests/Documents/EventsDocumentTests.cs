using System.Text.Json.Nodes;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Tests.Infrastructure;
using EventKit.ServiceBus.Emulator;

namespace AzureEventKit.Functions.Tests.Documents;

/// <summary>
/// docs/api/asyncapi.json describes the events as the code and the topology have them: a contract or a subscription that
/// changes without the document fails here. To accept an intended change, run <c>docs/api/update.sh</c> and review the diff.
/// </summary>
public sealed class EventsDocumentTests
{
    /// <summary>
    /// Each topology with its document: the app's, and in the template repository the minimal sample's overlay too
    /// (its own topology, so its own document).
    /// </summary>
    public static TheoryData<string> Roots()
    {
        var roots = new TheoryData<string> { string.Empty };
        if (File.Exists(Repository.PathOf("templates", "minimal", "infra", "servicebus.topology.json")))
        {
            roots.Add("templates/minimal");
        }

        return roots;
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public async Task AsyncApiDocument_ContractsAndTopology_MatchTheCommittedDocument(string root)
    {
        var topologyFile = Path.Combine(root, "infra", "servicebus.topology.json");
        var documentFile = Path.Combine(root, EventsDocument.RelativePath);
        var documentPath = Repository.PathOf(documentFile);
        var topology = EmulatorTopology.Load(Repository.PathOf(topologyFile));
        var expected = EventsDocument.Build(topology, await EventRouting.DiscoverAsync(topology, TestContext.Current.CancellationToken));

        if (Environment.GetEnvironmentVariable("UPDATE_DOCUMENTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(documentPath)!);
            await File.WriteAllTextAsync(documentPath, EventsDocument.Serialize(expected), TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(documentPath), $"{documentFile} is missing; run docs/api/update.sh.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(documentPath, TestContext.Current.CancellationToken));
        Assert.True(
            JsonNode.DeepEquals(expected, committed),
            $"{documentFile} does not match the contracts and {topologyFile}; run docs/api/update.sh and review the diff. Expected:\n{EventsDocument.Serialize(expected)}");
    }

    [Fact]
    public async Task AsyncApiDocument_OfficialParser_ReportsNoErrorsOrWarnings()
    {
        Assert.True(
            File.Exists(Repository.PathOf("eng", "node_modules", "@asyncapi", "parser", "package.json")),
            "The AsyncAPI parser is not installed; run `npm ci --prefix eng` (eng/test.sh does).");

        var (exitCode, output) = await Repository.RunAsync(
            "node", [Path.Combine("eng", "validate-asyncapi.mjs"), EventsDocument.RelativePath], TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task DiscoverAsync_SessionEnabledSubscription_FindsTheEventsItsRuleAdmits()
    {
        var topology = EmulatorTopology.Parse($$"""
            { "UserConfig": { "Namespaces": [ { "Name": "sbemulatorns", "Queues": [], "Topics": [ { "Name": "orders", "Properties": {}, "Subscriptions": [
              { "Name": "in-order", "Properties": { "RequiresSession": true },
                "Rules": [ { "Name": "placed", "Properties": { "FilterType": "Correlation", "CorrelationFilter": { "Label": "{{OrderPlaced.EventType}}" } } } ] }
            ] } ] } ], "Logging": { "Type": "Console" } } }
            """);

        var routing = await EventRouting.DiscoverAsync(topology, TestContext.Current.CancellationToken);

        Assert.Equal([OrderPlaced.EventType], routing[("orders", "in-order")]);
    }
}
