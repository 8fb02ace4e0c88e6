using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests.Otlp;

/// <summary>The OTLP trace test's own stack: its telemetry is exactly the app's, exported over OTLP, with nothing added.</summary>
[CollectionDefinition(Name)]
public sealed class OtlpGroup : ICollectionFixture<OtlpFixture>
{
    public const string Name = "Otlp";
}

/// <summary>
/// The end-to-end stack with the app's telemetry pointed at an in-process <see cref="OtlpReceiver"/> through the standard
/// OTEL_* settings, as the run command points it at the Aspire Dashboard; no test exporter or source is added.
/// </summary>
public sealed class OtlpFixture : EndToEndFixture
{
    public const string ServiceName = "AzureEventKit.Functions";

    public OtlpReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Endpoint.ToString()),
        new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        new("OTEL_SERVICE_NAME", ServiceName),

        // Export often, so the test waits for spans in milliseconds rather than the default five seconds.
        new("OTEL_BSP_SCHEDULE_DELAY", "100"),
        new("OTEL_BLRP_SCHEDULE_DELAY", "100"),
        new("OTEL_METRIC_EXPORT_INTERVAL", "500"),
    ];

    public override async ValueTask InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected override void AddTestTelemetry(IServiceCollection services)
    {
        // Nothing: the test must see what the app itself exports.
    }
}
