using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AzureEventKit.Functions.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    private const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs: the Functions worker, the Azure SDK (Service Bus, Tables), Durable
    /// and the app's own source. Exports to Azure Monitor only when Application Insights is configured, so local
    /// runs and tests never try to reach the network; in Azure the exporter authenticates with the managed identity
    /// named by APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<OrderWorkflowTelemetry>();

        // The Azure SDK emits Service Bus and Tables spans on its ActivitySources only with this switch on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var openTelemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(OrderWorkflowTelemetry.SourceName)
                .AddSource("Azure.*")
                .AddSource("Microsoft.DurableTask*")
                .AddSource("DurableTask*"))
            .WithMetrics(metrics => metrics.AddMeter(OrderWorkflowTelemetry.SourceName));

        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsSetting]))
        {
            // Application Insights has local (key) authentication off: the exporter signs in explicitly with the
            // identity the authentication string names, never with whatever credential the environment happens to offer.
            var identity = ApplicationInsightsIdentity.Parse(configuration[ApplicationInsightsIdentity.Setting]);
            openTelemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = configuration[ApplicationInsightsSetting];
                if (identity is not null)
                {
                    options.Credential = identity.CreateCredential();
                }
            });
        }

        return services;
    }
}
