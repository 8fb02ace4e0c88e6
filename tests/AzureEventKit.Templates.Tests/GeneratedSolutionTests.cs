using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// `dotnet new eventkit -n Contoso.Orders` with the default options, built with warnings as errors and tested with its
/// own tests once (<see cref="DefaultSolution"/>); then the item templates grow that same solution.
/// </summary>
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class GeneratedSolutionTests(DefaultSolution generated, TemplateHive hive) : IClassFixture<DefaultSolution>
{
    [Fact]
    public void Default_DottedName_RestoresThroughItsPostActionAndBuildsWithWarningsAsErrors()
    {
        Assert.Contains("Restore succeeded", generated.Solution.Instantiation.Output, StringComparison.Ordinal);
        Assert.True(generated.Build.Succeeded, generated.Build.ToString());
    }

    [Fact]
    public void Default_DottedName_PassesItsOwnFunctionsTests()
    {
        Assert.True(generated.Build.Succeeded, "the build failed; see the build test");
        Assert.True(generated.Tests!.Succeeded, generated.Tests.ToString());
    }

    [Fact]
    public void Default_DottedName_CompilesItsBicep()
    {
        Assert.True(generated.Bicep.Succeeded, generated.Bicep.ToString());
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(generated.Solution.CompiledBicepPath))?["resources"]);
    }

    [Fact]
    public async Task ItemTemplates_SubscriberAndWorkflow_AddFilesAndASubscriptionOnlyAndTheSolutionStillPasses()
    {
        Assert.True(generated.Build.Succeeded, "the build failed; see the build test");
        var solution = generated.Solution;
        var before = Fingerprint(solution);

        var subscriber = await hive.NewAsync(solution.FunctionsProjectDirectory, "eventkit-subscriber", "-n", "ShippingLabels", "--event", "OrderCompleted", "--allow-scripts", "yes");
        var workflow = await hive.NewAsync(solution.FunctionsProjectDirectory, "eventkit-workflow", "-n", "Returns");
        Assert.True(subscriber.Succeeded, subscriber.ToString());
        Assert.True(workflow.Succeeded, workflow.ToString());

        var after = Fingerprint(solution);
        var changed = before.Keys.Where(path => after.TryGetValue(path, out var hash) && hash != before[path]).ToList();
        var added = after.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["infra/servicebus.topology.json"], changed);
        Assert.Equal(
            [
                "src/Contoso.Orders.Functions/Returns/ReturnsOrchestration.cs",
                "src/Contoso.Orders.Functions/Returns/ReturnsStep.cs",
                "src/Contoso.Orders.Functions/Returns/StartReturns.cs",
                "src/Contoso.Orders.Functions/ShippingLabels/RecordShippingLabelsDeadLetter.cs",
                "src/Contoso.Orders.Functions/ShippingLabels/ShippingLabelsSubscriber.cs",
                "tests/Contoso.Orders.Functions.Tests/Returns/ReturnsOrchestrationTests.cs",
                "tests/Contoso.Orders.Functions.Tests/ShippingLabels/ShippingLabelsSubscriberTests.cs",
            ],
            added);

        var subscription = TopologySubscription(solution, "orders", "shipping-labels");
        Assert.Equal("Correlation", (string?)subscription["Rules"]![0]!["Properties"]!["FilterType"]);
        Assert.Equal("orders.completed.v1", (string?)subscription["Rules"]![0]!["Properties"]!["CorrelationFilter"]!["Label"]);
        Assert.Contains("namespace Contoso.Orders.Functions.ShippingLabels", solution.Read("src/Contoso.Orders.Functions/ShippingLabels/ShippingLabelsSubscriber.cs"), StringComparison.Ordinal);

        var build = await solution.BuildAsync();
        Assert.True(build.Succeeded, build.ToString());
        var tests = await solution.TestAsync(solution.FunctionsTestsProject);
        Assert.True(tests.Succeeded, tests.ToString());
        Assert.Contains("ShippingLabelsSubscriberTests", await TestNamesAsync(solution), StringComparison.Ordinal);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }

    [Fact]
    public async Task Subscriber_UnknownEvent_FailsClearlyAndLeavesTheSolutionAsItWas()
    {
        var solution = generated.Solution;
        var before = Fingerprint(solution);

        var result = await hive.NewAsync(solution.FunctionsProjectDirectory, "eventkit-subscriber", "-n", "Audit", "--event", "OrderShredded", "--allow-scripts", "yes");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("no event contract 'OrderShredded'", result.Output, StringComparison.Ordinal);
        Assert.Contains("OrderCompleted", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint(solution));
    }

    private static JsonObject TopologySubscription(GeneratedSolution solution, string topic, string name) =>
        JsonNode.Parse(solution.Read("infra/servicebus.topology.json"))!["UserConfig"]!["Namespaces"]![0]!["Topics"]!.AsArray()
            .Single(t => (string?)t!["Name"] == topic)!["Subscriptions"]!.AsArray()
            .Single(s => (string?)s!["Name"] == name)!.AsObject();

    private static async Task<string> TestNamesAsync(GeneratedSolution solution)
    {
        var list = await solution.TestAsync(solution.FunctionsTestsProject, "--list-tests");
        return list.Output;
    }

    private static Dictionary<string, string> Fingerprint(GeneratedSolution solution) =>
        solution.Files().ToDictionary(
            path => path,
            path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(solution.PathOf(path)))),
            StringComparer.Ordinal);
}

/// <summary>`--sample minimal`: the clean starting point builds, passes its own tests and compiles its Bicep.</summary>
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class MinimalSampleTests(TemplateHive hive)
{
    [Fact]
    public async Task SampleMinimal_BuildsPassesItsOwnTestsAndCompilesItsBicep()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Minimal", "--sample", "minimal");

        var build = await solution.BuildAsync();
        Assert.True(build.Succeeded, build.ToString());
        var npm = await solution.InstallNpmToolsAsync();
        Assert.True(npm.Succeeded, npm.ToString());
        var tests = await solution.TestAsync(solution.FunctionsTestsProject);
        Assert.True(tests.Succeeded, tests.ToString());
        await InstantiationTests.AssertBicepCompilesAsync(solution);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }
}

/// <summary>Generated solutions build one at a time: two parallel solution builds on two cores only slow each other.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratedSolutionBuilds
{
    public const string Name = "generated solutions";
}

/// <summary>The default instantiation, built and tested once for <see cref="GeneratedSolutionTests"/>.</summary>
public sealed class DefaultSolution(TemplateHive hive) : IAsyncLifetime
{
    public GeneratedSolution Solution { get; private set; } = null!;

    public ProcessResult Build { get; private set; } = null!;

    public ProcessResult? Tests { get; private set; }

    public ProcessResult Bicep { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // With the restore post-action (no --no-restore), as a user would run it.
        Solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders");
        Build = await Solution.BuildAsync();
        Bicep = await Solution.BicepBuildAsync();
        if (Build.Succeeded)
        {
            var npm = await Solution.InstallNpmToolsAsync();
            Tests = npm.Succeeded ? await Solution.TestAsync(Solution.FunctionsTestsProject) : npm;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
