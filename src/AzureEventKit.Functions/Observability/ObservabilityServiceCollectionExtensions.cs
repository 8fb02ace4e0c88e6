using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AzureEventKit.Functions.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    private const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The standard OpenTelemetry setting; when present, traces, metrics and logs also go there over OTLP.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs: the Functions worker, the Azure SDK (Service Bus, Tables), Durable
    /// and the app's own source. Exports to Azure Monitor when Application Insights is configured (in Azure the exporter
    /// authenticates with the managed identity named by APPLICATIONINSIGHTS_AUTHENTICATION_STRING), and over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set (the local run points it at the Aspire Dashboard; OTEL_EXPORTER_OTLP_PROTOCOL,
    /// OTEL_SERVICE_NAME and the other standard OTEL_* settings apply). With neither, nothing leaves the process.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<OrderWorkflowTelemetry>();

        // The Azure SDK emits Service Bus and Tables spans on its ActivitySources only with this switch on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var openTelemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()

            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES from the app's configuration win over the worker's defaults,
            // so the local run can name the app in the trace viewer (in Azure, unset: the worker names it after the site).
            .ConfigureResource(resource => resource.AddEnvironmentVariableDetector())
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

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            // Reads OTEL_EXPORTER_OTLP_* from the app's configuration: app settings in Azure, the run command's settings locally.
            openTelemetry.UseOtlpExporter();
        }

        return services;
    }
}
