using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EventKit.ServiceBus.Emulator.Amqp;
using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Management;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>
/// A minimal HTTP/1.1 endpoint on loopback. It reports entity counts as JSON: <c>GET /entities</c> (all) and
/// <c>GET /entities/{path}</c> (one; 404 when unknown); <c>GET /health</c> answers 200. Every other request (the SDK's
/// carry <c>api-version</c>) goes to the <see cref="AdministrationEndpoint"/>, so that <c>ServiceBusAdministrationClient</c>
/// manages entities on this port, as on the official emulator's port 5300. Paths under <c>faults</c> drive
/// <see cref="EmulatorFaults"/> (<see cref="FaultRequests"/>).
/// </summary>
internal sealed class InspectionServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly TcpListener listener;
    private readonly MessagingNamespace entities;
    private readonly AdministrationEndpoint administration;
    private readonly FaultRequests faults;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;

    public InspectionServer(int port, MessagingNamespace entities, AdministrationEndpoint administration, EmulatorFaults faults, ILogger logger)
    {
        this.entities = entities;
        this.administration = administration;
        this.faults = new FaultRequests(faults);
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
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                HttpResponse response;
                try
                {
                    var request = await HttpRequestReader.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
                    response = Respond(request);
                    if (request.Query.ContainsKey("api-version"))
                    {
                        logger.AdministrationRequest(request.Method, request.Path, response.Status);
                    }
                }
                catch (InvalidDataException exception)
                {
                    response = HttpResponse.Problem(400, "Bad request", exception.Message);
                }
                catch (Exception exception) when (exception is not (IOException or OperationCanceledException or SocketException) && ClientFault.IsContainable(exception))
                {
                    // A request the endpoint did not foresee fails on its own; the port keeps serving.
                    logger.InspectionFailed(exception);
                    response = HttpResponse.Problem(500, "Internal error", "The emulator could not process the request: " + exception.Message);
                }

                await WriteAsync(stream, response, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException)
            {
                logger.InspectionFailed(exception);
            }
        }
    }

    private HttpResponse Respond(HttpRequest request)
    {
        var path = request.Path;
        if (FaultRequests.IsFaultPath(path) && !request.Query.ContainsKey("api-version"))
        {
            return faults.Handle(request);
        }

        if (request.Method == "GET" && !request.Query.ContainsKey("api-version"))
        {
            if (path.Length == 0 || string.Equals(path, "entities", StringComparison.OrdinalIgnoreCase))
            {
                return HttpResponse.Json(200, JsonSerializer.Serialize(entities.GetAllCounts(), JsonOptions));
            }

            if (string.Equals(path, "health", StringComparison.OrdinalIgnoreCase))
            {
                return HttpResponse.Json(200, "{\"status\":\"ok\"}");
            }

            if (path.StartsWith("entities/", StringComparison.OrdinalIgnoreCase))
            {
                return entities.GetCounts(path["entities/".Length..]) is { } counts
                    ? HttpResponse.Json(200, JsonSerializer.Serialize(counts, JsonOptions))
                    : HttpResponse.Problem(404, "Entity not found", $"No queue, topic or subscription at '{path["entities/".Length..]}'.");
            }
        }

        return administration.Handle(request, Endpoint);
    }

    private static async Task WriteAsync(NetworkStream stream, HttpResponse response, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(response.Body);
        var head = $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\nContent-Type: {response.ContentType}; charset=utf-8\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        500 => "Internal Server Error",
        _ => "Error",
    };
}
