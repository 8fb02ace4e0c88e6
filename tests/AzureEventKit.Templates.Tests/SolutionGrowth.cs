using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// The generated README's "Grow it" loop, as a new owner follows it: a subscriber to an existing event (first on a
/// machine without a Bicep CLI, so its snapshot refresh is skipped with instructions), a workflow, a new event, and a
/// session-enabled subscriber to that new event; then the README's test command, which must end `N passed, 0 failed`
/// with the generated tests and the new items' tests among the passed. One test command covers the solution as
/// generated and as grown: the items add features and their registrations, and every generated test still runs in
/// it, so a run before growing would repeat each of those tests (minutes of the template tests) and cover nothing more.
/// </summary>
internal static class SolutionGrowth
{
    private static readonly string[] Snapshots =
        ["infra/snapshots/always-ready.snapshot.json", "infra/snapshots/default.snapshot.json", "infra/snapshots/vnet-premium.snapshot.json"];

    public static async Task GrowAndTestAsync(TemplateHive hive, GeneratedSolution solution)
    {
        var code = solution.CodeName;
        var functions = solution.FunctionsProjectDirectory;
        var before = Fingerprint(solution);

        // A machine without a Bicep CLI: the subscription is added, the refresh is skipped and the owner told what to run.
        var noBicep = new Dictionary<string, string?> { ["BICEP_PATH"] = Path.Combine(hive.WorkRoot, "no-bicep-here") };
        var shipping = await hive.NewItemAsync(functions, noBicep, "eventkit-subscriber", "-n", "ShippingLabels", "--event", "OrderCompleted");
        Assert.True(shipping.Succeeded, shipping.ToString());
        Assert.Contains("infra/snapshots NOT refreshed: BICEP_PATH points at a missing file", shipping.Output, StringComparison.Ordinal);
        Assert.Contains("run 'sh infra/snapshots/update.sh'", shipping.Output, StringComparison.Ordinal);
        Assert.All(Snapshots, snapshot => Assert.Equal(before[snapshot], Fingerprint(solution)[snapshot]));

        // The workflow item has no post-action, so `dotnet new` refuses --allow-scripts for it; the README runs it without.
        var workflow = await hive.NewAsync(functions, "eventkit-workflow", "-n", "Returns");
        Assert.True(workflow.Succeeded, workflow.ToString());

        var refund = await hive.NewItemAsync(functions, new Dictionary<string, string?>(), "eventkit-event", "-n", "RefundIssued");
        Assert.True(refund.Succeeded, refund.ToString());
        Assert.Contains("eventkit-event: added RefundIssued (orders.refund-issued.v1)", refund.Output, StringComparison.Ordinal);
        Assert.Contains("eventkit-event: refreshed docs/api/asyncapi.json", refund.Output, StringComparison.Ordinal);

        // With the CLI: the refresh covers both new subscriptions and names what the deployment gains.
        var audit = await hive.NewItemAsync(functions, new Dictionary<string, string?>(), "eventkit-subscriber", "-n", "RefundAudit", "--event", "RefundIssued", "--sessions");
        Assert.True(audit.Succeeded, audit.ToString());
        Assert.Contains("added subscription 'orders/refund-audit' (correlation filter Label = 'orders.refund-issued.v1', sessions required)", audit.Output, StringComparison.Ordinal);
        Assert.Contains("eventkit-subscriber: refreshed infra/snapshots", audit.Output, StringComparison.Ordinal);
        foreach (var subscription in new[] { "orders/refund-audit", "orders/shipping-labels" })
        {
            Assert.Contains($"+ subscription {subscription}", audit.Output, StringComparison.Ordinal);
            Assert.Contains($"+ role assignment Azure Service Bus Data Receiver on {subscription} for the app's managed identity", audit.Output, StringComparison.Ordinal);
        }

        Assert.Contains("+ rule orders/refund-audit/refund-issued", audit.Output, StringComparison.Ordinal);

        var after = Fingerprint(solution);
        var changed = before.Keys.Where(path => after.TryGetValue(path, out var hash) && hash != before[path]).Order(StringComparer.Ordinal).ToList();
        var added = after.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "docs/api/asyncapi.json",
                "infra/servicebus.topology.json",
                .. Snapshots,
                $"src/{code}.Contracts/ContractsJsonContext.cs",
                $"src/{code}.Contracts/EventCatalog.cs",
                $"src/{code}.Functions/OrderWorkflowServiceCollectionExtensions.cs",
                $"tests/{code}.Functions.Tests/Infrastructure/SampleEvents.cs",
            ],
            changed);
        Assert.Equal(
            new[]
            {
                $"src/{code}.Contracts/RefundIssued.cs",
                $"src/{code}.Functions/RefundAudit/RecordRefundAuditDeadLetter.cs",
                $"src/{code}.Functions/RefundAudit/RefundAuditHandler.cs",
                $"src/{code}.Functions/RefundAudit/RefundAuditLogs.cs",
                $"src/{code}.Functions/RefundAudit/RefundAuditServiceCollectionExtensions.cs",
                $"src/{code}.Functions/RefundAudit/RefundAuditSubscriber.cs",
                $"src/{code}.Functions/RefundIssuedPublishing/PublishRefundIssued.cs",
                $"src/{code}.Functions/Returns/ReturnsLogs.cs",
                $"src/{code}.Functions/Returns/ReturnsOrchestration.cs",
                $"src/{code}.Functions/Returns/ReturnsRequest.cs",
                $"src/{code}.Functions/Returns/ReturnsResult.cs",
                $"src/{code}.Functions/Returns/ReturnsStarted.cs",
                $"src/{code}.Functions/Returns/ReturnsStep.cs",
                $"src/{code}.Functions/Returns/StartReturns.cs",
                $"src/{code}.Functions/ShippingLabels/RecordShippingLabelsDeadLetter.cs",
                $"src/{code}.Functions/ShippingLabels/ShippingLabelsHandler.cs",
                $"src/{code}.Functions/ShippingLabels/ShippingLabelsLogs.cs",
                $"src/{code}.Functions/ShippingLabels/ShippingLabelsServiceCollectionExtensions.cs",
                $"src/{code}.Functions/ShippingLabels/ShippingLabelsSubscriber.cs",
                $"tests/{code}.EndToEnd.Tests/RefundAudit/RefundAuditEndToEndTests.cs",
                $"tests/{code}.EndToEnd.Tests/ShippingLabels/ShippingLabelsEndToEndTests.cs",
                $"tests/{code}.Functions.Tests/RefundAudit/RefundAuditSubscriberTests.cs",
                $"tests/{code}.Functions.Tests/RefundIssuedPublishing/PublishRefundIssuedTests.cs",
                $"tests/{code}.Functions.Tests/Returns/ReturnsOrchestrationTests.cs",
                $"tests/{code}.Functions.Tests/ShippingLabels/ShippingLabelsSubscriberTests.cs",
            }.Order(StringComparer.Ordinal),
            added);

        Assert.Equal("orders.completed.v1", CorrelationLabel(solution, "shipping-labels"));
        Assert.Equal("orders.refund-issued.v1", CorrelationLabel(solution, "refund-audit"));
        Assert.True((bool)Subscription(solution, "refund-audit")["Properties"]!["RequiresSession"]!);
        Assert.False((bool)Subscription(solution, "shipping-labels")["Properties"]!["RequiresSession"]!);
        Assert.Contains("IsSessionsEnabled = true", solution.Read($"src/{code}.Functions/RefundAudit/RefundAuditSubscriber.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("IsSessionsEnabled", solution.Read($"src/{code}.Functions/ShippingLabels/ShippingLabelsSubscriber.cs"), StringComparison.Ordinal);
        Assert.Contains("services.AddRefundAudit();", solution.Read($"src/{code}.Functions/OrderWorkflowServiceCollectionExtensions.cs"), StringComparison.Ordinal);
        Assert.Empty(solution.FindTemplateNameLeftovers());

        var testCommand = await solution.RunReadmeTestCommandAsync();
        await GeneratedSolutionTests.AssertReadmeTestCommandPassedAsync(testCommand);

        // Every generated test project ran in this one test command, not only the items' tests, and wrote its own
        // report: named after the project, so projects that start together cannot overwrite each other's results.
        var testProjects = Directory.GetFiles(solution.PathOf("tests"), "*.Tests.csproj", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.NotEmpty(testProjects);
        Assert.All(testProjects, project =>
        {
            var report = solution.PathOf($"artifacts/test-results/{project}.trx");
            Assert.True(File.Exists(report), $"{project} wrote no report of its own at {report}");
            Assert.Contains($"{project}.dll\"", File.ReadAllText(report), StringComparison.Ordinal);
        });
        var results = string.Concat(Directory.GetFiles(solution.PathOf("artifacts/test-results"), "*.trx").Select(File.ReadAllText));

        // The new handlers ran end to end: published by the app, filtered by the emulator, handled in the in-process host.
        foreach (var test in new[] { "ShippingLabelsEndToEndTests.Publish_OrderCompleted_ReachesTheSubscriptionAndIsHandledOnce", "RefundAuditEndToEndTests.Publish_RefundIssued_ReachesTheSubscriptionAndIsHandledOnce", "PublishRefundIssuedTests.RunAsync_SameEventTwice_PublishesItUnderOneEventIdKeyedByTheOrder", "ReturnsOrchestrationTests.RunAsync_Request_CallsTheStepAndCompletesWithItsOutcome" })
        {
            Assert.Matches($"testName=\"[^\"]*{test.Replace(".", "\\.", StringComparison.Ordinal)}\"[^>]*outcome=\"Passed\"", results);
        }
    }

    private static string? CorrelationLabel(GeneratedSolution solution, string subscription) =>
        (string?)Subscription(solution, subscription)["Rules"]![0]!["Properties"]!["CorrelationFilter"]!["Label"];

    private static JsonNode Subscription(GeneratedSolution solution, string subscription) =>
        JsonNode.Parse(solution.Read("infra/servicebus.topology.json"))!["UserConfig"]!["Namespaces"]![0]!["Topics"]!.AsArray()
            .Single(t => (string?)t!["Name"] == "orders")!["Subscriptions"]!.AsArray()
            .Single(s => (string?)s!["Name"] == subscription)!;

    public static Dictionary<string, string> Fingerprint(GeneratedSolution solution) =>
        solution.Files().ToDictionary(
            path => path,
            path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(solution.PathOf(path)))),
            StringComparer.Ordinal);
}
