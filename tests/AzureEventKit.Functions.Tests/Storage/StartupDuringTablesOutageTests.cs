using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using EventKit.Functions.Testing.Azurite;
using EventKit.Functions.Testing.Faults;

namespace AzureEventKit.Functions.Tests.Storage;

/// <summary>
/// Found by the chaos soak: a host restarted while Tables answered 503 failed to start ("Hosting failed to start —
/// Simulated outage: POST devstoreaccount1/Tables was refused"), which ended the soak. A start-up step now rides out a
/// short outage and still fails at once on an answer that retrying cannot change. An outage with no answer at all
/// (connections refused) is waited out too.
/// </summary>
public sealed class StartupDuringTablesOutageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_HostStartsDuringTablesOutage_CreatesTablesOnceTablesAnswer()
    {
        var outage = new DependencyOutage();
        var tables = Client(outage);
        var name = $"Outage{Guid.NewGuid():N}"[..30];
        outage.BeginFor(TimeSpan.FromSeconds(1.5));

        await new OwnedTablesInitializer(tables, [new OwnedTable(name)]).StartAsync(Ct);

        Assert.True(outage.FailedRequests >= 1);
        Assert.Equal(name, await TableNameAsync(azurite.TableService, name));
    }

    /// <summary>
    /// Tables not listening at all (storage restarting, a network blip) for longer than the client's own retries: the
    /// client then throws an <see cref="AggregateException"/> of its refused attempts, not a <see cref="RequestFailedException"/>,
    /// and the start failed with it.
    /// </summary>
    [Fact]
    public async Task StartAsync_TablesRefusingConnectionsLongerThanTheClientRetries_CreatesTablesOnceTablesListens()
    {
        var stopped = await AzuriteServer.StartAsync(cancellationToken: Ct);
        var (blobPort, queuePort, tablePort, connectionString) = (stopped.BlobPort, stopped.QueuePort, stopped.TablePort, stopped.ConnectionString);
        await stopped.DisposeAsync();
        var attempts = new AttemptCounter(target: 4);
        var options = new TableClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10), Mode = RetryMode.Fixed } };
        options.AddPolicy(attempts, HttpPipelinePosition.PerRetry);
        var name = $"Refused{Guid.NewGuid():N}"[..30];

        var start = new OwnedTablesInitializer(new TableServiceClient(connectionString, options), [new OwnedTable(name)]).StartAsync(Ct);

        // Two calls of two refused attempts each: the client gave up once, and the start kept going.
        await Task.WhenAny(attempts.Reached, start).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(start.IsCompleted, start.Exception?.ToString() ?? "the start ended while Tables refused every connection");
        await using var restarted = await AzuriteServer.StartAsync(new AzuriteOptions { BlobPort = blobPort, QueuePort = queuePort, TablePort = tablePort }, Ct);
        await start.WaitAsync(StartupStorageRetry.Window, Ct);

        Assert.Equal(name, await TableNameAsync(new TableServiceClient(restarted.ConnectionString), name));
    }

    [Fact]
    public async Task StartAsync_TableNameStorageRejects_FailsAtOnceWithoutRetrying()
    {
        var outage = new DependencyOutage();

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => new OwnedTablesInitializer(Client(outage), [new OwnedTable("x")]).StartAsync(Ct));

        Assert.Equal(400, failure.Status);
        Assert.Equal(0, outage.FailedRequests);
    }

    /// <summary>TEST PROBE: counts the attempts the Tables client makes, answered or not, until a target.</summary>
    private sealed class AttemptCounter(int target) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int attempts;

        /// <summary>Completes when the client has made <c>target</c> attempts.</summary>
        public Task Reached => reached.Task;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count();
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count();
            return ProcessNextAsync(message, pipeline);
        }

        private void Count()
        {
            if (Interlocked.Increment(ref attempts) >= target)
            {
                reached.TrySetResult();
            }
        }
    }

    private TableServiceClient Client(DependencyOutage outage)
    {
        var options = new TableClientOptions();
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        return new TableServiceClient(azurite.ConnectionString, options);
    }

    private static async Task<string?> TableNameAsync(TableServiceClient tableService, string name)
    {
        await foreach (var table in tableService.QueryAsync(t => t.Name == name, cancellationToken: Ct))
        {
            return table.Name;
        }

        return null;
    }
}
