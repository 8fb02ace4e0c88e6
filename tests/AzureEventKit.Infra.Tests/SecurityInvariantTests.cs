using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>Security invariants on the compiled template and on every predicted deployment.</summary>
public sealed class SecurityInvariantTests
{
    /// <summary>Anything that reads or mints a key, a key-based connection string or a SAS.</summary>
    private static readonly string[] ForbiddenTokens =
    [
        "listKeys", "listAccountSas", "listServiceSas", "listConnectionStrings", "listAuthRules",
        "AccountKey=", "SharedAccessKey", "SharedAccessSignature", "DefaultEndpointsProtocol",
        "authorizationRules", "StorageAccountConnectionString", "UseDevelopmentStorage", "UseDevelopmentEmulator",
    ];

    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    [Fact]
    public async Task CompiledMainTemplate_ContainsNoKeyConnectionStringOrSas()
    {
        var text = (await InfraRuns.MainTemplate()).ToJsonString();

        Assert.All(ForbiddenTokens, token => Assert.DoesNotContain(token, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Snapshot_ContainsNoKeyConnectionStringOrSas(string set)
    {
        var text = (await InfraRuns.LoadSnapshot(set)).Json.ToJsonString();

        Assert.All(ForbiddenTokens, token => Assert.DoesNotContain(token, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Outputs_ExposeNoSecretOrConnectionString()
    {
        var outputs = (await InfraRuns.MainTemplate())["outputs"]!.AsObject();

        Assert.Contains("AZURE_LOCATION", outputs.Select(o => o.Key));
        Assert.Contains("AZURE_TENANT_ID", outputs.Select(o => o.Key));
        Assert.Contains("SERVICEBUS_NAMESPACE_FQDN", outputs.Select(o => o.Key));
        foreach (var (name, output) in outputs)
        {
            Assert.DoesNotMatch("(?i)KEY|SECRET|PASSWORD|CONNECTION|SAS|TOKEN", name.Replace("MANAGED_IDENTITY_CLIENT_ID", "", StringComparison.Ordinal));
            Assert.DoesNotContain("connectionstring", output!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.NotEqual("securestring", (string?)output["type"], StringComparer.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task ServiceBus_DisablesLocalAuth_AndRequiresTls12(string set)
    {
        var ns = (await InfraRuns.LoadSnapshot(set)).Single("Microsoft.ServiceBus/namespaces");

        Assert.True((bool)ns["properties"]!["disableLocalAuth"]!);
        Assert.Equal("1.2", (string?)ns["properties"]!["minimumTlsVersion"]);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Storage_DisablesSharedKeyAndPublicBlobAccess_AndRequiresTls12(string set)
    {
        var account = (await InfraRuns.LoadSnapshot(set)).Single("Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.False((bool)properties["allowCrossTenantReplication"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Monitoring_DisablesLocalAuth(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);

        Assert.True((bool)snapshot.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        Assert.True((bool)snapshot.Single("Microsoft.OperationalInsights/workspaces")["properties"]!["features"]!["disableLocalAuth"]!);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task FunctionApp_IsHttpsOnlyTls12_WithFtpAndBasicPublishingOff(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var site = snapshot.FunctionApp;
        var siteConfig = site["properties"]!["siteConfig"]!;

        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("1.2", (string?)siteConfig["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)siteConfig["ftpsState"]);
        var policies = snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order());
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task FunctionApp_UsesOnlyTheUserAssignedIdentity_IncludingForDeploymentStorage(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var site = snapshot.FunctionApp;
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal([identityId], site["identity"]!["userAssignedIdentities"]!.AsObject().Select(i => i.Key));
        var authentication = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
        Assert.Equal("UserAssignedIdentity", (string?)authentication["type"]);
        Assert.Equal(identityId, (string?)authentication["userAssignedIdentityResourceId"]);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Resources_AllCarryTheAzdEnvironmentTag(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var taggable = snapshot.Resources.Where(r => r["location"] is not null).ToList();

        Assert.NotEmpty(taggable);

        Assert.All(taggable, r => Assert.False(string.IsNullOrEmpty((string?)r["tags"]?["azd-env-name"]), $"{r["type"]} {r["name"]} lacks azd-env-name"));
    }
}
