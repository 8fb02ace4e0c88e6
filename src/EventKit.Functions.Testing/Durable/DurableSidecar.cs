using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// The Durable in-process test host's gRPC sidecar (<see cref="TaskHubGrpcServer"/>) on 127.0.0.1, over whichever backend
/// the kit chose. It plays the part the Durable extension plays in the Functions host: the app's worker and client
/// (Microsoft.DurableTask over gRPC) talk to it, and it drives the backend's dispatchers.
/// </summary>
/// <remarks>
/// The package's own <c>AddInMemoryDurableTask</c> hard-wires the in-memory backend; the sidecar class itself takes any
/// <see cref="IOrchestrationService"/> and <see cref="IOrchestrationServiceClient"/>, so the kit hosts it here.
/// The client side is the backend itself, not the concurrency wrapper, because the sidecar asks the client for the query
/// and purge interfaces the backend implements.
/// </remarks>
internal sealed class DurableSidecar : IHostedService, IAsyncDisposable
{
    private readonly DurableBackendInstance backend;
    private readonly ILoggerFactory loggerFactory;
    private WebApplication? server;

    public DurableSidecar(DurableBackendInstance backend, int port, ILoggerFactory loggerFactory)
    {
        this.backend = backend;
        this.loggerFactory = loggerFactory;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Where the worker and client connect.</summary>
    public Uri Address { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await backend.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, Address.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(backend.Service);
        builder.Services.AddSingleton(backend.Client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        server = builder.Build();
        server.MapGrpcService<TaskHubGrpcServer>();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return;
        }

        // Stopping the server only signals the sidecar's dispatchers (it does not wait for them), so the backend is
        // stopped here as well: the Azure Storage backend then releases its partitions for the next host on the task hub.
        await server.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The Azure Storage backend's stop waits (up to a minute) for its partitions to drain, and work the stopped
            // worker still held never finishes; the host's shutdown timeout bounds that wait, as the Functions host's does.
            await backend.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Logs.DurableBackendStopAbandoned(loggerFactory.CreateLogger(typeof(FunctionsTestHost).FullName!));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            server = null;
        }

        backend.Dispose();
    }
}
