using AzureEventKit.Functions.Configuration;

namespace AzureEventKit.Infra.Tests;

/// <summary>The app settings the Functions app needs, taken from the app itself.</summary>
internal static class RequiredSettings
{
    /// <summary>What the app reads in Azure: <see cref="RequiredAppSettings.InAzure"/>.</summary>
    public static IReadOnlyList<string> InAzure => RequiredAppSettings.InAzure;

    /// <summary>
    /// The subset a local run against the cloud needs: the developer's own sign-in replaces the managed identity
    /// (no __credential or __clientId), and telemetry stays local. The webhook signing secret is left out: the provider
    /// calls the deployed app, not a laptop, the developer holds no role on the vault, and without the setting the local
    /// webhook refuses every call (503).
    /// </summary>
    public static IReadOnlyList<string> Locally { get; } =
        [.. InAzure.Where(s => !s.EndsWith("__credential", StringComparison.Ordinal)
                            && !s.EndsWith("__clientId", StringComparison.Ordinal)
                            && !s.StartsWith("APPLICATIONINSIGHTS_", StringComparison.Ordinal)
                            && s != "PaymentWebhook__SigningSecret")];
}
