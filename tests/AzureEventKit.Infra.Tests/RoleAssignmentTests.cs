namespace AzureEventKit.Infra.Tests;

/// <summary>Least privilege: only allowed roles, each at the narrowest scope, and nothing the app needs missing.</summary>
public sealed class RoleAssignmentTests
{
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>The only roles granted, each with the one resource type it may be scoped to.</summary>
    private static readonly Dictionary<string, string> AllowedScopeTypeByRole = new()
    {
        [ServiceBusDataSender] = "Microsoft.ServiceBus/namespaces/topics",
        [ServiceBusDataReceiver] = "Microsoft.ServiceBus/namespaces/topics/subscriptions",
        [StorageBlobDataOwner] = "Microsoft.Storage/storageAccounts",
        [StorageQueueDataContributor] = "Microsoft.Storage/storageAccounts",
        [StorageTableDataContributor] = "Microsoft.Storage/storageAccounts",
        [MonitoringMetricsPublisher] = "Microsoft.Insights/components",
        [KeyVaultSecretsUser] = "Microsoft.KeyVault/vaults",
    };

    /// <summary>The developer principalId every snapshot parameter set passes.</summary>
    private const string DeveloperPrincipalId = "11111111-1111-1111-1111-111111111111";

    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    private sealed record Assignment(string Role, string Scope, string ScopeType, string PrincipalId, string PrincipalType);

    private static List<Assignment> AssignmentsOf(SnapshotDocument snapshot) =>
        [.. snapshot.OfType("Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var scope = ResourceIds.ScopeOfRoleAssignment((string)r["id"]!);
            return new Assignment(
                ResourceIds.RoleGuid((string)r["properties"]!["roleDefinitionId"]!),
                scope,
                ResourceIds.TypeOf(scope),
                (string)r["properties"]!["principalId"]!,
                (string)r["properties"]!["principalType"]!);
        })];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task RoleAssignments_AreAllowedRoles_ScopedToTheNarrowestResource(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var resourceIds = snapshot.Resources.Select(r => (string)r["id"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var assignments = AssignmentsOf(snapshot);

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.True(AllowedScopeTypeByRole.TryGetValue(a.Role, out var scopeType), $"role {a.Role} is not on the allowed list");
            Assert.Equal(scopeType, a.ScopeType);
            Assert.Contains(a.Scope, resourceIds);
        });
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task AppIdentity_GetsEveryRoleTheHostDurableAndTriggersNeed(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var app = AssignmentsOf(snapshot).Where(a => a.PrincipalId.Contains("userAssignedIdentities/", StringComparison.Ordinal)).ToList();
        var storage = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var appInsights = (string)snapshot.Single("Microsoft.Insights/components")["id"]!;
        var topics = snapshot.OfType("Microsoft.ServiceBus/namespaces/topics").Select(t => (string)t["id"]!).ToList();
        var subscriptions = snapshot.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions").Select(s => (string)s["id"]!).ToList();

        var expected = new HashSet<(string, string)>
        {
            (StorageBlobDataOwner, storage),
            (StorageQueueDataContributor, storage),
            (StorageTableDataContributor, storage),
            (MonitoringMetricsPublisher, appInsights),
            (KeyVaultSecretsUser, (string)snapshot.Single("Microsoft.KeyVault/vaults")["id"]!),
        };
        expected.UnionWith(topics.Select(t => (ServiceBusDataSender, t)));
        expected.UnionWith(subscriptions.Select(s => (ServiceBusDataReceiver, s)));

        Assert.Equal(expected.OrderBy(e => e.ToString()), app.Select(a => (a.Role, a.Scope)).OrderBy(e => e.ToString()));
        Assert.All(app, a => Assert.Equal("ServicePrincipal", a.PrincipalType));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task DeveloperPrincipal_GetsDataRolesForLocalRuns_ButNoTelemetryRole(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var developer = AssignmentsOf(snapshot).Where(a => a.PrincipalId == DeveloperPrincipalId).ToList();

        string[] expected = [ServiceBusDataReceiver, ServiceBusDataSender, StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor];
        Assert.Equal(expected.Order(), developer.Select(a => a.Role).Distinct().Order());
        Assert.All(developer, a => Assert.Equal("User", a.PrincipalType));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task RoleAssignmentNames_AreUnique_SoRedeploymentIsIdempotent(string set)
    {
        var names = (await InfraRuns.LoadSnapshot(set)).OfType("Microsoft.Authorization/roleAssignments").Select(r => (string)r["name"]!).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.True(Guid.TryParse(n, out _), $"{n} is not a deterministic GUID"));
    }
}
