using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureEventKit.Infra.Tests;

/// <summary>The postprovision hook writes identity-based local settings from the azd outputs, and nothing secret.</summary>
public sealed class PostprovisionHookTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eventkit-hook-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly Dictionary<string, string> AzdOutputs = new()
    {
        ["AZURE_STORAGE_ACCOUNT_NAME"] = "stabc123",
        ["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://stabc123.table.core.windows.net/",
        ["SERVICEBUS_NAMESPACE_FQDN"] = "sb-abc123.servicebus.windows.net",
        ["SERVICEBUS_TOPIC_NAME"] = "orders",
        ["FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT"] = "00:10:00",
    };

    private async Task<(int ExitCode, string Output, string Target)> RunShAsync(IDictionary<string, string> environment)
    {
        var target = Path.Combine(_directory, "local.settings.json");
        var (exitCode, output) = await HookRunner.RunShAsync(
            "postprovision.sh",
            new Dictionary<string, string>(environment) { ["EVENTKIT_LOCAL_SETTINGS"] = target },
            Ct);
        return (exitCode, output, target);
    }

    [Fact]
    public async Task Sh_WithAzdOutputs_WritesIdentityBasedLocalSettings()
    {
        var (exitCode, output, target) = await RunShAsync(AzdOutputs);

        Assert.True(exitCode == 0, output);
        var values = JsonNode.Parse(await File.ReadAllTextAsync(target, Ct))!["Values"]!.AsObject();
        Assert.All(RequiredSettings.Locally, name => Assert.True(values.ContainsKey(name), $"{name} missing"));
        Assert.Equal("stabc123", (string?)values["AzureWebJobsStorage__accountName"]);
        Assert.Equal("sb-abc123.servicebus.windows.net", (string?)values["ServiceBus__fullyQualifiedNamespace"]);
        Assert.Equal("https://stabc123.table.core.windows.net", (string?)values["Tables__serviceUri"]);
        Assert.Equal("00:10:00", (string?)values["Fulfillment__PaymentConfirmationTimeout"]);
        Assert.DoesNotContain(values, v => v.Key.EndsWith("__credential", StringComparison.Ordinal) || v.Key.EndsWith("__clientId", StringComparison.Ordinal));
        var text = await File.ReadAllTextAsync(target, Ct);
        Assert.All(["AccountKey", "SharedAccessKey", "UseDevelopment", "ConnectionString"], t => Assert.DoesNotContain(t, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sh_KeepsAHandWrittenSettingsFile_AsBackup()
    {
        var target = Path.Combine(_directory, "local.settings.json");
        await File.WriteAllTextAsync(target, """{"Values":{"AzureWebJobsStorage":"UseDevelopmentStorage=true"}}""", Ct);

        var (exitCode, output, _) = await RunShAsync(AzdOutputs);

        Assert.True(exitCode == 0, output);
        Assert.Contains("UseDevelopmentStorage", await File.ReadAllTextAsync(target + ".bak", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("UseDevelopmentStorage", await File.ReadAllTextAsync(target, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sh_WithoutProvisionedOutputs_FailsAndWritesNothing()
    {
        var partial = AzdOutputs.Where(o => o.Key != "SERVICEBUS_NAMESPACE_FQDN").ToDictionary();

        var (exitCode, output, target) = await RunShAsync(partial);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("SERVICEBUS_NAMESPACE_FQDN", output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Pwsh_WritesTheSameSettingsAsSh()
    {
        static string[] Keys(string file) =>
            [.. Regex.Matches(File.ReadAllText(Repository.PathOf("infra", "hooks", file)), @"[""']((?:\w+__\w+)|FUNCTIONS_WORKER_RUNTIME|EventKit:GeneratedBy)[""']\s*[:=]")
                .Select(m => m.Groups[1].Value).Distinct().Order()];

        var sh = Keys("postprovision.sh");

        Assert.Equal(sh, Keys("postprovision.ps1"));
        Assert.Superset(RequiredSettings.Locally.ToHashSet(), sh.ToHashSet());
    }
}
