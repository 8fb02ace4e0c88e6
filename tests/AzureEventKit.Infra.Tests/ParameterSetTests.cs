using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>What each snapshot parameter set deploys: the footprint differences are the point of the sets.</summary>
public sealed class ParameterSetTests
{
    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    [Fact]
    public void SnapshotParameterSets_IncludeDefaultVnetPremiumAndAlwaysReady()
    {
        Assert.Superset(InfraRuns.RequiredParameterSets.ToHashSet(), InfraRuns.ParameterSets.ToHashSet());
        Assert.All(InfraRuns.ParameterSets, set => Assert.True(File.Exists(Path.Combine(Repository.Snapshots, $"{set}.snapshot.json")), $"no golden file for {set}"));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Snapshot_MatchesItsGoldenFile(string set)
    {
        var run = await InfraRuns.Snapshot(set);
        var current = await InfraRuns.LoadSnapshot(set);
        var golden = InfraRuns.GoldenPath(set);

        Assert.True(run.Diagnostics.Count == 0, run.ToString());
        Assert.Empty(current.Json["diagnostics"]!.AsArray());
        if (InfraRuns.UpdateSnapshots)
        {
            await File.WriteAllTextAsync(golden, current.Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(golden), $"no golden file {golden}; create it with UPDATE_SNAPSHOTS=1");
        var expected = InfraRuns.Canonical(JsonNode.Parse(await File.ReadAllTextAsync(golden, TestContext.Current.CancellationToken)))!.AsObject();
        if (!JsonNode.DeepEquals(expected, current.Json))
        {
            var expectedById = Index(expected);
            var actualById = Index(current.Json);
            var changed = expectedById.Keys.Union(actualById.Keys)
                .Where(id => !JsonNode.DeepEquals(expectedById.GetValueOrDefault(id), actualById.GetValueOrDefault(id)))
                .ToList();
            Assert.Fail($"[{set}] the predicted deployment differs from infra/snapshots/{set}.snapshot.json in:\n  {string.Join("\n  ", changed)}\n"
                + "If the change is intended, refresh with UPDATE_SNAPSHOTS=1 (infra/snapshots/update.sh) and review the diff.");
        }
    }

    private static Dictionary<string, JsonNode?> Index(JsonObject snapshot)
    {
        var index = snapshot["predictedResources"]!.AsArray().ToDictionary(r => (string)r!["id"]!, r => r, StringComparer.Ordinal);
        index["(outputs)"] = snapshot["outputs"];
        index["(diagnostics)"] = snapshot["diagnostics"];
        return index;
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task FunctionApp_IsFlexConsumptionDotnetIsolated10(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var plan = snapshot.Single("Microsoft.Web/serverfarms");
        var config = snapshot.FunctionApp["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.InRange((int)config["scaleAndConcurrency"]!["maximumInstanceCount"]!, 40, 1000);
        Assert.Contains((int)config["scaleAndConcurrency"]!["instanceMemoryMB"]!, new[] { 512, 2048, 4096 });
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
    }

    [Fact]
    public async Task Default_IsStandardPublicAndScalesToZero()
    {
        var snapshot = await InfraRuns.LoadSnapshot("default");

        Assert.Equal("Standard", (string?)snapshot.Single("Microsoft.ServiceBus/namespaces")["sku"]!["name"]);
        Assert.DoesNotContain(snapshot.Resources, r => ((string)r["type"]!).StartsWith("Microsoft.Network/", StringComparison.Ordinal));
        Assert.Empty(snapshot.FunctionApp["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray());
        Assert.Null((string?)snapshot.FunctionApp["properties"]!["virtualNetworkSubnetId"]);
    }

    [Fact]
    public async Task VnetPremium_ClosesPublicAccess_AndReachesStorageAndServiceBusPrivately()
    {
        var snapshot = await InfraRuns.LoadSnapshot("vnet-premium");
        var serviceBus = snapshot.Single("Microsoft.ServiceBus/namespaces");
        var storage = snapshot.Single("Microsoft.Storage/storageAccounts");
        var vnet = snapshot.Single("Microsoft.Network/virtualNetworks");

        Assert.Equal("Premium", (string?)serviceBus["sku"]!["name"]);
        Assert.Equal("Disabled", (string?)serviceBus["properties"]!["publicNetworkAccess"]);
        Assert.Equal("Disabled", (string?)storage["properties"]!["publicNetworkAccess"]);
        Assert.Equal("Deny", (string?)storage["properties"]!["networkAcls"]!["defaultAction"]);

        var endpoints = snapshot.OfType("Microsoft.Network/privateEndpoints")
            .Select(pe => pe["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!)
            .Select(c => ((string)c["privateLinkServiceId"]!, (string)c["groupIds"]![0]!))
            .Order()
            .ToList();
        Assert.Equal(
            new[] { ((string)serviceBus["id"]!, "namespace"), ((string)storage["id"]!, "blob"), ((string)storage["id"]!, "queue"), ((string)storage["id"]!, "table") }.Order(),
            endpoints);
        Assert.Equal(4, snapshot.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups").Count());
        Assert.Equal(4, snapshot.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").Count());

        var appSubnet = vnet["properties"]!["subnets"]!.AsArray().Single(s => (string?)s!["name"] == "snet-app")!;
        Assert.Equal("Microsoft.App/environments", (string?)appSubnet["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
        Assert.Equal($"{vnet["id"]}/subnets/snet-app", (string?)snapshot.FunctionApp["properties"]!["virtualNetworkSubnetId"]);
    }

    [Fact]
    public async Task AlwaysReady_KeepsTheServiceBusTriggerWarm()
    {
        var snapshot = await InfraRuns.LoadSnapshot("always-ready");
        var alwaysReady = snapshot.FunctionApp["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

        var startFulfillment = alwaysReady.Single(g => (string?)g!["name"] == "function:StartFulfillment")!;
        Assert.True((int)startFulfillment["instanceCount"]! >= 1);
        Assert.Equal("Standard", (string?)snapshot.Single("Microsoft.ServiceBus/namespaces")["sku"]!["name"]);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Alerts_WatchDeadLettersFailuresAndOrchestrations_ThroughOneActionGroup(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var actionGroup = snapshot.Single("Microsoft.Insights/actionGroups");
        var actionGroupId = (string)actionGroup["id"]!;

        Assert.Equal("ops@example.com", (string?)actionGroup["properties"]!["emailReceivers"]![0]!["emailAddress"]);
        var deadLetter = snapshot.OfType("Microsoft.Insights/metricAlerts").ToList();
        Assert.NotEmpty(deadLetter);
        Assert.All(deadLetter, alert =>
        {
            var criterion = alert["properties"]!["criteria"]!["allOf"]![0]!;
            Assert.Equal("DeadletteredMessages", (string?)criterion["metricName"]);
            Assert.Equal("GreaterThan", (string?)criterion["operator"]);
            Assert.Equal(0, (int)criterion["threshold"]!);
            Assert.Equal(actionGroupId, (string?)alert["properties"]!["actions"]![0]!["actionGroupId"]);
        });

        var queries = snapshot.OfType("Microsoft.Insights/scheduledQueryRules")
            .Select(r => (string)r["properties"]!["criteria"]!["allOf"]![0]!["query"]!)
            .ToList();
        Assert.Contains(queries, q => q.StartsWith("requests", StringComparison.Ordinal) && q.Contains("success == false", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("Orchestrator", StringComparison.Ordinal) && q.Contains("Failed", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.StartsWith("requests", StringComparison.Ordinal) && q.Contains("'^Record.+DeadLetter$'", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.StartsWith("customMetrics", StringComparison.Ordinal) && q.Contains("'orders.needs_attention'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Budget_IsMonthly_WithActualAndForecastThresholds(string set)
    {
        var budget = (await InfraRuns.LoadSnapshot(set)).Single("Microsoft.Consumption/budgets")["properties"]!;

        Assert.Equal("Monthly", (string?)budget["timeGrain"]);
        Assert.True((int)budget["amount"]! > 0);
        var notifications = budget["notifications"]!.AsObject().Select(n => n.Value!).ToList();
        Assert.Contains(notifications, n => (string?)n["thresholdType"] == "Actual" && (int)n["threshold"]! == 100);
        Assert.Contains(notifications, n => (string?)n["thresholdType"] == "Forecasted");
        Assert.All(notifications, n => Assert.NotEmpty(n["contactGroups"]!.AsArray()));
    }
}
