using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.EndToEnd.Tests.Otlp;

/// <summary>
/// TEST-ONLY OTLP/HTTP endpoint on 127.0.0.1 (a free port), standing where the Aspire Dashboard stands in a local run:
/// it accepts what an OTLP exporter sends to /v1/traces, /v1/metrics and /v1/logs (protobuf) and keeps what the tests read.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private static readonly byte[] EmptyResponse = [];

    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    /// <summary>Metric names by the service that exported them.</summary>
    public ConcurrentDictionary<(string Service, string Metric), byte> Metrics { get; } = new();

    /// <summary>The trace id of every exported log record (empty when it was logged outside a span).</summary>
    public ConcurrentQueue<(string Service, string TraceId)> Logs { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (HttpRequest request) => receiver.AcceptAsync(request, ExportTraceServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/metrics", (HttpRequest request) => receiver.AcceptAsync(request, ExportMetricsServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/logs", (HttpRequest request) => receiver.AcceptAsync(request, ExportLogsServiceRequest.Parser, receiver.Add));
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";

    private static string Hex(ByteString bytes) => bytes.IsEmpty ? "" : Convert.ToHexStringLower(bytes.Span);

    private async Task<IResult> AcceptAsync<T>(HttpRequest request, MessageParser<T> parser, Action<T> add)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        add(parser.ParseFrom(body.ToArray()));

        // An empty Export*ServiceResponse: everything was accepted.
        return Results.Bytes(EmptyResponse, "application/x-protobuf");
    }

    private void Add(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            var service = ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    Spans.Enqueue(new ReceivedSpan(
                        service,
                        scope.Scope?.Name ?? "",
                        Hex(span.TraceId),
                        Hex(span.SpanId),
                        Hex(span.ParentSpanId),
                        span.Name,
                        span.Kind,
                        span.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.First().Value?.StringValue ?? "")));
                }
            }
        }
    }

    private void Add(ExportMetricsServiceRequest request)
    {
        foreach (var resource in request.ResourceMetrics)
        {
            var service = ServiceName(resource.Resource);
            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                Metrics.TryAdd((service, metric.Name), 0);
            }
        }
    }

    private void Add(ExportLogsServiceRequest request)
    {
        foreach (var resource in request.ResourceLogs)
        {
            var service = ServiceName(resource.Resource);
            foreach (var record in resource.ScopeLogs.SelectMany(s => s.LogRecords))
            {
                Logs.Enqueue((service, Hex(record.TraceId)));
            }
        }
    }
}

/// <summary>
/// One span as it arrived over OTLP: ids in lowercase hex, <see cref="ParentSpanId"/> empty for a root, and its string
/// attributes (others read as empty).
/// </summary>
public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    Span.Types.SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes);
