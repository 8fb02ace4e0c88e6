using EventKit.Functions.Testing.Durable;
using EventKit.Functions.Testing.Tests.Host;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventKit.Functions.Testing.Tests.Durable;

/// <summary>The sample functions on the Durable Azure Storage backend (the default) over a real Azurite.</summary>
public sealed class DurableAzureStorageTests(AzuriteFixture storage) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly SampleRecorder recorder = new();

    [Fact]
    public async Task Orchestration_FanOutBeyondHostJsonActivityLimit_RunsExactlyThatManyActivitiesAtOnceAndCompletes()
    {
        var hostJson = await WriteHostJsonAsync("""{ "version": "2.0", "extensions": { "durableTask": { "maxConcurrentActivityFunctions": 3 } } }""");
        await using var host = await StartAsync(FreshHub(), hostJson);

        var id = await host.DurableClient.ScheduleNewOrchestrationInstanceAsync("HoldFanOut", 8, TestContext.Current.CancellationToken);
        var metadata = await WaitForCompletionAsync(host, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 8).Sum(), metadata.ReadOutputAs<int>());
        Assert.Equal(3, recorder.MostRunning);
        File.Delete(hostJson);
    }

    [Fact]
    public async Task Orchestration_WaitingWhenHostIsDisposed_CompletesUnderNextHostOnSameHub()
    {
        var hub = FreshHub();
        string id;
        await using (var first = await StartAsync(hub))
        {
            id = await first.DurableClient.ScheduleNewOrchestrationInstanceAsync("AwaitApproval", "Ada", TestContext.Current.CancellationToken);
            await WaitUntilAsync(first, id, OrchestrationRuntimeStatus.Running);
        }

        await using var second = await StartAsync(hub);
        await second.DurableClient.RaiseEventAsync(id, "Approved", "Grace", TestContext.Current.CancellationToken);
        var metadata = await WaitForCompletionAsync(second, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal("Hello Ada (approved by Grace) from SayHello", metadata.ReadOutputAs<string>());
    }

    /// <remarks>
    /// Found by the chaos soak: a host disposed while the worker still held orchestration work took a minute to go away,
    /// because the Azure Storage backend's stop waits for its partitions to drain and the stopped worker never finishes
    /// the work it held ("Timed-out waiting for the partition to finish draining"); the soak's restarted host waited for
    /// it. The bound here is far above the host's 10-second shutdown timeout and below the backend's one-minute drain.
    /// </remarks>
    [Fact]
    public async Task DisposeAsync_OrchestrationWorkStillHeldByTheWorker_ReturnsWithoutWaitingOutTheBackendsDrain()
    {
        var first = await StartAsync(FreshHub());
        await first.DurableClient.ScheduleNewOrchestrationInstanceAsync("HoldEpisode", "held", TestContext.Current.CancellationToken);
        await recorder.EpisodeHeld.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        try
        {
            await first.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        }
        finally
        {
            recorder.EpisodeRelease.Set();
        }
    }

    [Fact]
    public async Task StartAsync_HubNameAzureRejects_FailsNamingTheHub()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("Contoso.OrdersHub"));

        Assert.Contains("'Contoso.OrdersHub'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("letters and digits", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AzureWebJobsStorageMissing_FailsNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsTestHost.StartAsync(Options(FreshHub(), "no-host.json", storage: null), TestContext.Current.CancellationToken));

        Assert.Contains("'AzureWebJobsStorage'", exception.Message, StringComparison.Ordinal);
    }

    private static string FreshHub() => $"kit{Guid.NewGuid():N}"[..24];

    private static async Task<string> WriteHostJsonAsync(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        return path;
    }

    private Task<FunctionsTestHost> StartAsync(string hub, string hostJson = "no-host.json") =>
        FunctionsTestHost.StartAsync(Options(hub, hostJson, storage.Azurite.ConnectionString), TestContext.Current.CancellationToken);

    private FunctionsTestHostOptions Options(string hub, string hostJson, string? storage)
    {
        var options = SampleApp.Options(recorder);
        options.HostJsonPath = hostJson;
        options.StartServiceBusTriggers = false;
        options.DurableTaskHubName = hub;
        if (storage is not null)
        {
            options.Settings["AzureWebJobsStorage"] = storage;
        }

        return options;
    }

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(FunctionsTestHost host, string id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        return await host.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    private static async Task WaitUntilAsync(FunctionsTestHost host, string id, OrchestrationRuntimeStatus status)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        while ((await host.DurableClient.GetInstanceAsync(id, timeout.Token))?.RuntimeStatus != status)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
