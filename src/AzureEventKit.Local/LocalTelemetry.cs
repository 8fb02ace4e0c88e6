using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace AzureEventKit.Local;

/// <summary>
/// Points the run's telemetry at one OTLP endpoint (the Aspire Dashboard): the app and the in-process host through the
/// standard OTEL_* settings the app reads, and the Service Bus emulator's log through a logger factory of its own.
/// </summary>
internal static class LocalTelemetry
{
    /// <summary>The app's name in the trace viewer.</summary>
    public const string AppServiceName = "AzureEventKit.Functions";

    public const string EmulatorServiceName = "EventKit.ServiceBus.Emulator";

    /// <summary>The app settings that send its traces, metrics and logs to <paramref name="otlpEndpoint"/> (OTLP/gRPC).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(Uri otlpEndpoint) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_SERVICE_NAME"] = AppServiceName,

        // The defaults suit a production collector (spans every 5 s, metrics every minute); locally you want to see them now.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
    };

    /// <summary>A logger factory for the emulator whose entries go to <paramref name="otlpEndpoint"/> as its own service.</summary>
    public static ILoggerFactory EmulatorLogging(Uri otlpEndpoint) => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddOpenTelemetry(openTelemetry =>
        {
            openTelemetry.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(EmulatorServiceName));
            openTelemetry.IncludeScopes = true;
            openTelemetry.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = otlpEndpoint;
                exporter.Protocol = OtlpExportProtocol.Grpc;
            });
        }));
}
