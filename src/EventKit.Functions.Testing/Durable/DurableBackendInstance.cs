using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>One started Durable backend: what the sidecar dispatches from (limited to host.json's concurrency) and queries.</summary>
internal sealed class DurableBackendInstance : IDisposable
{
    private readonly Func<CancellationToken, Task> prepare;
    private readonly IDisposable? owned;

    private DurableBackendInstance(IOrchestrationService backend, IOrchestrationServiceClient client, DurableConcurrency limits, string description, Func<CancellationToken, Task> prepare, IDisposable? owned)
    {
        Service = new ConcurrencyLimitedOrchestrationService(backend, limits.Orchestrations, limits.Activities);
        Client = client;
        Description = description;
        this.prepare = prepare;
        this.owned = owned;
    }

    /// <summary>What the sidecar's dispatchers fetch work from.</summary>
    public IOrchestrationService Service { get; }

    /// <summary>What the sidecar starts, queries and purges instances through (the backend itself).</summary>
    public IOrchestrationServiceClient Client { get; }

    /// <summary>For the start-up log, for example <c>AzureStorage hub AzureEventKitHub (4 partitions)</c>.</summary>
    public string Description { get; }

    public static DurableBackendInstance InMemory(DurableConcurrency limits, ILoggerFactory loggerFactory)
    {
        var backend = new InMemoryOrchestrationService(loggerFactory);
        return new DurableBackendInstance(backend, backend, limits, "InMemory", static _ => Task.CompletedTask, owned: null);
    }

    public static DurableBackendInstance AzureStorage(AzureStorageOrchestrationServiceSettings settings, DurableConcurrency limits)
    {
        var backend = new AzureStorageOrchestrationService(settings);
        return new DurableBackendInstance(
            backend,
            backend,
            limits,
            $"AzureStorage hub {settings.TaskHubName} ({settings.PartitionCount} partitions, queue polling at most every {settings.MaxQueuePollingInterval.TotalMilliseconds:F0} ms, dequeued work invisible for {settings.ControlQueueVisibilityTimeout.TotalSeconds:0} s / {settings.WorkItemQueueVisibilityTimeout.TotalSeconds:0} s)",
            _ => backend.CreateIfNotExistsAsync(),
            backend);
    }

    /// <summary>Creates the task hub's storage (queues, tables, containers) when it does not exist yet.</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => prepare(cancellationToken);

    /// <summary>Stops the backend's background work; the Azure Storage backend releases its partition leases.</summary>
    public Task StopAsync() => Service.StopAsync(isForced: false);

    public void Dispose() => owned?.Dispose();
}
