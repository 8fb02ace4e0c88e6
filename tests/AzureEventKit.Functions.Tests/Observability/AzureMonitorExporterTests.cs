using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using AzureEventKit.Functions.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Observability;

/// <summary>
/// Application Insights has local (key) authentication off, so the exporter must sign in with the app's managed
/// identity; the settings are the ones infra/modules/functionapp.bicep writes.
/// </summary>
public sealed class AzureMonitorExporterTests
{
    // Not a secret: a connection string only says where telemetry goes; ingestion needs the identity's token.
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-0.in.applicationinsights.azure.com/";

    [Fact]
    public void AddObservability_ConnectionAndAuthenticationStrings_ExporterUsesAManagedIdentityCredential()
    {
        using var services = Build(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d;Authorization=AAD",
        });

        var exporter = ExporterOptions(services);

        Assert.Equal(ConnectionString, exporter.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
    }

    [Fact]
    public void AddObservability_NoApplicationInsights_ConfiguresNoExporter()
    {
        using var services = Build([]);

        var exporter = ExporterOptions(services);

        Assert.Null(exporter.ConnectionString);
        Assert.Null(exporter.Credential);
    }

    [Fact]
    public void AddObservability_MalformedAuthenticationString_FailsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=not-a-guid;Authorization=AAD",
        }).Build();

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddObservability(configuration));

        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", exception.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-guid", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddObservability(configuration).BuildServiceProvider();
    }

    private static AzureMonitorExporterOptions ExporterOptions(ServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
}
