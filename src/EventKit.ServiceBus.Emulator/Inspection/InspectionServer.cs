using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>
/// A minimal HTTP/1.1 endpoint on loopback reporting entity counts as JSON:
/// <c>GET /entities</c> (all) and <c>GET /entities/{path}</c> (one; 404 when unknown). <c>GET /health</c> answers 200.
/// <c>GET /{path}</c> answers in the Atom shape of the Service Bus management API, so that
/// <c>ServiceBusAdministrationClient</c>'s runtime-properties calls work against this port.
/// </summary>
internal sealed class InspectionServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 8 * 1024;
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly TcpListener listener;
    private readonly Func<string, EntityCounts?> getCounts;
    private readonly Func<IReadOnlyList<EntityCounts>> getAllCounts;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;

    public InspectionServer(int port, Func<string, EntityCounts?> getCounts, Func<IReadOnlyList<EntityCounts>> getAllCounts, ILogger logger)
    {
        this.getCounts = getCounts;
        this.getAllCounts = getAllCounts;
        this.logger = logger;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        acceptLoop = AcceptLoopAsync();
    }

    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        try
        {
            await acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                var target = await ReadRequestTargetAsync(stream, timeout.Token).ConfigureAwait(false);
                var (status, contentType, body) = Respond(target);
                var payload = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}; charset=utf-8\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or InvalidDataException)
            {
                logger.InspectionFailed(exception);
            }
        }
    }

    private (string Status, string ContentType, string Body) Respond(string? target)
    {
        const string Json = "application/json";
        if (target is null)
        {
            return ("400 Bad Request", Json, "{\"error\":\"Only GET is supported.\"}");
        }

        var path = Uri.UnescapeDataString(target.Split('?')[0]).Trim('/');
        if (path.Length == 0 || string.Equals(path, "entities", StringComparison.OrdinalIgnoreCase))
        {
            return ("200 OK", Json, JsonSerializer.Serialize(getAllCounts(), JsonOptions));
        }

        if (string.Equals(path, "health", StringComparison.OrdinalIgnoreCase))
        {
            return ("200 OK", Json, "{\"status\":\"ok\"}");
        }

        if (path.StartsWith("entities/", StringComparison.OrdinalIgnoreCase))
        {
            return getCounts(path["entities/".Length..]) is { } counts
                ? ("200 OK", Json, JsonSerializer.Serialize(counts, JsonOptions))
                : ("404 Not Found", Json, JsonSerializer.Serialize(new { error = $"No entity at '{path}'." }, JsonOptions));
        }

        return getCounts(path) is { } entity
            ? ("200 OK", "application/atom+xml", AtomRuntimeProperties.ToEntry(entity, Endpoint, startedAt))
            : ("404 Not Found", "application/xml", $"<Error><Code>404</Code><Detail>No entity at '{System.Security.SecurityElement.Escape(path)}'.</Detail></Error>");
    }

    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var requestLine = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 && requestLine[0] == "GET" ? requestLine[1] : null;
    }
}
