using System.Text.Json.Nodes;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// `dotnet new eventkit -n Contoso.Orders` with the default options (<see cref="DefaultSolution"/>); the item templates
/// grow that same solution, and its README test command then builds it with warnings as errors and passes every test,
/// the generated ones and the items' (see <see cref="SolutionGrowth"/> for why that is one run, not two).
/// </summary>
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class GeneratedSolutionTests(DefaultSolution generated, TemplateHive hive) : IClassFixture<DefaultSolution>
{
    [Fact]
    public void Default_DottedName_RestoresThroughItsPostAction()
    {
        Assert.Contains("Restore succeeded", generated.Solution.Instantiation.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_DottedName_CompilesItsBicep()
    {
        Assert.True(generated.Bicep.Succeeded, generated.Bicep.ToString());
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(generated.Solution.CompiledBicepPath))?["resources"]);
    }

    [Fact]
    public async Task Default_GrownBySubscriberWorkflowAndEvent_ReadmeTestCommandBuildsWithWarningsAsErrorsAndPassesEveryTest()
    {
        await SolutionGrowth.GrowAndTestAsync(hive, generated.Solution);
    }

    [Fact]
    public async Task Subscriber_UnknownEvent_FailsClearlyAndLeavesTheSolutionAsItWas()
    {
        var solution = generated.Solution;
        var before = SolutionGrowth.Fingerprint(solution);

        var result = await hive.NewAsync(solution.FunctionsProjectDirectory, "eventkit-subscriber", "-n", "Audit", "--event", "OrderShredded", "--allow-scripts", "yes");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("no event contract 'OrderShredded'", result.Output, StringComparison.Ordinal);
        Assert.Contains("OrderCompleted", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, SolutionGrowth.Fingerprint(solution));
    }

    /// <summary>
    /// The command built the solution with warnings as errors (its Directory.Build.props), chose the real Service Bus
    /// extension or the compile-time contract by itself exactly as the feed demands, and ran every test project.
    /// </summary>
    internal static async Task AssertReadmeTestCommandPassedAsync(ProcessResult command)
    {
        Assert.True(command.Succeeded, command.ToString());
        if (await ServiceBusExtensionFeed.ServesRealPackageAsync())
        {
            Assert.DoesNotContain("Building against the compile-time CONTRACT", command.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("Building against the compile-time CONTRACT", command.Output, StringComparison.Ordinal);
        }

        var totals = GeneratedSolution.TestTotals(command);
        Assert.True(totals is { Passed: > 0, Failed: 0 }, command.ToString());
    }
}

/// <summary>
/// `--sample minimal`: the clean starting point compiles its Bicep and grows with the item templates exactly as the
/// default does, and then passes its README test command.
/// </summary>
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class MinimalSampleTests(TemplateHive hive)
{
    [Fact]
    public async Task SampleMinimal_BicepCompilesAndGrownByTheItemTemplatesItsReadmeTestCommandPassesEveryTest()
    {
        // With the restore post-action, as a user would run it: the item templates refuse a project that is not restored.
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Minimal", "--sample", "minimal");
        Assert.Contains("Restore succeeded", solution.Instantiation.Output, StringComparison.Ordinal);

        await InstantiationTests.AssertBicepCompilesAsync(solution);
        Assert.Empty(solution.FindTemplateNameLeftovers());

        await SolutionGrowth.GrowAndTestAsync(hive, solution);
    }

    [Fact]
    public async Task SampleMinimal_KeepsOneProducerOneSubscriberAndAOneActivityWorkflow()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Small", "--sample", "minimal", "--no-restore");
        var functions = $"src/{solution.CodeName}.Functions/";

        foreach (var dropped in new[] { "Inventory", "Payments", "Shipping", "Projections", "Notifications" })
        {
            Assert.False(System.IO.Directory.Exists(solution.PathOf(functions + dropped)), dropped);
        }

        Assert.False(File.Exists(solution.PathOf(functions + "Orders/ConfirmPayment.cs")));
        Assert.True(File.Exists(solution.PathOf(functions + "Orders/PlaceOrder.cs")));
        Assert.True(File.Exists(solution.PathOf(functions + "FulfillmentStart/StartFulfillment.cs")));
        Assert.True(File.Exists(solution.PathOf(functions + "Fulfillment/CompleteOrder.cs")));
        Assert.True(File.Exists(solution.PathOf(functions + "DeadLetters/RecordDeadLetters.cs")));
        Assert.DoesNotContain("#if", solution.Read(functions + "OrderWorkflowServiceCollectionExtensions.cs"), StringComparison.Ordinal);
        var subscriptions = JsonNode.Parse(solution.Read("infra/servicebus.topology.json"))!["UserConfig"]!["Namespaces"]![0]!["Topics"]![0]!["Subscriptions"]!.AsArray();
        Assert.Equal(["fulfillment"], subscriptions.Select(s => (string?)s!["Name"]));
    }
}

/// <summary>Generated solutions build one at a time: two parallel solution builds on two cores only slow each other.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratedSolutionBuilds
{
    public const string Name = "generated solutions";
}

/// <summary>The default instantiation and its compiled Bicep, shared by <see cref="GeneratedSolutionTests"/>.</summary>
public sealed class DefaultSolution(TemplateHive hive) : IAsyncLifetime
{
    public GeneratedSolution Solution { get; private set; } = null!;

    public ProcessResult Bicep { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // With the restore post-action (no --no-restore), as a user would run it.
        Solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders");
        Bicep = await Solution.BicepBuildAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
