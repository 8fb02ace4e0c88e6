using Azure.Data.Tables;
using DurableTask.AzureStorage;
using EventKit.Functions.Testing.Azurite;
using EventKit.Functions.Testing.Durable;

namespace EventKit.Functions.Testing.Tests.Durable;

/// <summary>
/// The Azure Storage backend as the sidecar drives it: the sidecar starts the backend only once the app's worker connects
/// and stops it when the host stops (both from <c>async void</c> callbacks, where an exception ends the process), and the
/// kit stops it again when the host is disposed. A host stopped before, while or after the worker connects must not crash.
/// </summary>
public sealed class BackendLifecycleTests(AzuriteFixture storage) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task StopAsync_BackendNeverStarted_Completes()
    {
        var (backend, service) = await CreateAsync();

        await service.StopAsync(isForced: false);

        backend.Dispose();
    }

    [Fact]
    public async Task StopAsync_WhileBackendIsStarting_WaitsForTheStartThenStops()
    {
        var (backend, service) = await CreateAsync();

        var starting = service.StartAsync();
        await service.StopAsync(isForced: false);
        await starting;

        // Stopped for good: the next host on the hub can take every partition lease.
        await service.StartAsync();
        Assert.True(await NextHostOwnsEveryPartitionAsync(backend.Settings.TaskHubName));
        backend.Dispose();
    }

    [Fact]
    public async Task StopAsync_CalledBySidecarAndByKit_StopsTheBackendOnce()
    {
        var (backend, service) = await CreateAsync();
        await service.StartAsync();

        await Task.WhenAll(service.StopAsync(isForced: false), service.StopAsync());

        Assert.True(await NextHostOwnsEveryPartitionAsync(backend.Settings.TaskHubName));
        backend.Dispose();
    }

    private async Task<(Backend Backend, ConcurrencyLimitedOrchestrationService Service)> CreateAsync(string? hub = null)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hub ?? $"life{Guid.NewGuid():N}"[..24],
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.Azurite.ConnectionString),
            PartitionCount = 2,
            UseTablePartitionManagement = true,

            // Two backends in one process would otherwise share the machine name as their lease owner.
            WorkerId = Guid.NewGuid().ToString("N"),
        };
        var backend = new AzureStorageOrchestrationService(settings);
        await backend.CreateIfNotExistsAsync();
        return (new Backend(backend, settings), new ConcurrencyLimitedOrchestrationService(backend, maximumOrchestrations: 2, maximumActivities: 2));
    }

    // A second backend on the hub fetches work only from partitions it owns; it owns them all only if the first let go.
    private async Task<bool> NextHostOwnsEveryPartitionAsync(string hub)
    {
        var (next, service) = await CreateAsync(hub);
        await service.StartAsync();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (!timeout.IsCancellationRequested)
            {
                var leases = new TableClient(storage.Azurite.ConnectionString, $"{hub}Partitions");
                var owned = 0;
                await foreach (var lease in leases.QueryAsync<TableEntity>(cancellationToken: timeout.Token))
                {
                    owned += lease.GetString("CurrentOwner") == next.Settings.WorkerId ? 1 : 0;
                }

                if (owned == next.Settings.PartitionCount)
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
            }

            return false;
        }
        finally
        {
            await service.StopAsync(isForced: false);
            next.Dispose();
        }
    }

    private sealed record Backend(AzureStorageOrchestrationService Service, AzureStorageOrchestrationServiceSettings Settings) : IDisposable
    {
        public void Dispose() => Service.Dispose();
    }
}
