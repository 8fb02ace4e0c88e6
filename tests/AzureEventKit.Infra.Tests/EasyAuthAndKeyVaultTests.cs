using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>
/// The API's front door and the webhook secret: App Service Authentication with Entra ID on the app (the webhook path
/// excluded), and the signing secret in a Key Vault in RBAC mode that only the app identity may read, referenced, never
/// inlined.
/// </summary>
public sealed class EasyAuthAndKeyVaultTests
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>The app registration client id every snapshot parameter set passes.</summary>
    private const string AuthClientId = "22222222-2222-2222-2222-222222222222";

    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task FunctionApp_RequiresEntraIdSignInExceptOnTheWebhook(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var auth = snapshot.OfType("Microsoft.Web/sites/config").Single(r => ((string)r["name"]!).EndsWith("/authsettingsV2", StringComparison.Ordinal));
        var properties = auth["properties"]!;

        Assert.True((bool)properties["platform"]!["enabled"]!);
        Assert.True((bool)properties["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("Return401", (string)properties["globalValidation"]!["unauthenticatedClientAction"]!);
        Assert.Equal(["/api/payments/webhook"], properties["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => (string)p!));
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Equal(AuthClientId, (string)entra["registration"]!["clientId"]!);
        Assert.Null(entra["registration"]!["clientSecretSettingName"]);
        Assert.Contains($"api://{AuthClientId}", entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string)a!));
        Assert.True((bool)properties["httpSettings"]!["requireHttps"]!);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task KeyVault_IsRbacOnlyWithSoftDeleteAndPurgeProtection(string set)
    {
        var vault = (await InfraRuns.LoadSnapshot(set)).Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.Empty(vault["accessPolicies"]?.AsArray() ?? []);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.InRange((int)vault["softDeleteRetentionInDays"]!, 7, 90);
        Assert.False((bool)vault["enabledForTemplateDeployment"]!);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task KeyVaultSecretsUser_IsGrantedToTheAppIdentityOnTheVaultOnly(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var vaultId = (string)snapshot.Single("Microsoft.KeyVault/vaults")["id"]!;
        var vaultAssignments = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ResourceIds.RoleGuid((string)r["properties"]!["roleDefinitionId"]!) == KeyVaultSecretsUser)
            .ToList();

        var assignment = Assert.Single(vaultAssignments);
        Assert.Equal(vaultId, ResourceIds.ScopeOfRoleAssignment((string)assignment["id"]!), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("userAssignedIdentities/", (string)assignment["properties"]!["principalId"]!, StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string)assignment["properties"]!["principalType"]!);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task WebhookSecret_IsAKeyVaultReferenceResolvedWithTheUserAssignedIdentity(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

        var setting = snapshot.AppSettings["PaymentWebhook__SigningSecret"];

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", setting, StringComparison.Ordinal);
        var vaultId = (string)snapshot.Single("Microsoft.KeyVault/vaults")["id"]!;
        Assert.Contains($"format('{{0}}secrets/{{1}}', reference('{vaultId}'", setting, StringComparison.Ordinal);
        Assert.Contains("'payment-webhook-signing-secret'", setting, StringComparison.Ordinal);
        Assert.Equal(identityId, (string)snapshot.FunctionApp["properties"]!["keyVaultReferenceIdentity"]!);
    }

    [Fact]
    public async Task CompiledTemplate_SetsNoSecretValue()
    {
        var template = await InfraRuns.MainTemplate();
        var text = template.ToJsonString();

        // No secret resource (its value would sit in the template or a parameter), no secure parameter with a default.
        Assert.DoesNotContain("Microsoft.KeyVault/vaults/secrets", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("local-dev-only-webhook-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("e2e-test-only-webhook-secret", text, StringComparison.Ordinal);
        foreach (var (name, parameter) in template["parameters"]!.AsObject())
        {
            var type = (string?)parameter!["type"];
            Assert.False(
                type is not null && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase) && parameter["defaultValue"] is not null,
                $"secure parameter {name} has a default value");
        }
    }
}
