using System.Diagnostics;

namespace AzureEventKit.Infra.Tests;

/// <summary>Runs an azd hook script with sh, with a controlled environment, as azd would.</summary>
internal static class HookRunner
{
    /// <summary>Environment values the hooks read; removed from the inherited environment before each run.</summary>
    public static readonly string[] AzdVariables =
    [
        "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_TABLE_ENDPOINT", "SERVICEBUS_NAMESPACE_FQDN", "SERVICEBUS_TOPIC_NAME",
        "FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT", "AZURE_VNET_ENABLED", "BUDGET_START_DATE", "EVENTKIT_LOCAL_SETTINGS",
        // Set by GitHub Actions and Azure Pipelines; the hooks behave differently there.
        "GITHUB_ACTIONS", "TF_BUILD",
    ];

    public static async Task<(int ExitCode, string Output)> RunShAsync(string script, IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        info.ArgumentList.Add(Repository.PathOf("infra", "hooks", script));
        foreach (var key in AzdVariables)
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
