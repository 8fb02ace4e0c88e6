using Azure;
using Azure.Core;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using EventKit.Functions.Testing.Faults;

namespace AzureEventKit.Functions.Tests.Storage;

/// <summary>
/// Found by the chaos soak: a host restarted while Tables answered 503 failed to start ("Hosting failed to start —
/// Simulated outage: POST devstoreaccount1/Tables was refused"), which ended the soak. A start-up step now rides out a
/// short outage and still fails at once on an answer that retrying cannot change.
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
        Assert.Equal(name, await TableNameAsync(name));
    }

    [Fact]
    public async Task StartAsync_TableNameStorageRejects_FailsAtOnceWithoutRetrying()
    {
        var outage = new DependencyOutage();

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => new OwnedTablesInitializer(Client(outage), [new OwnedTable("x")]).StartAsync(Ct));

        Assert.Equal(400, failure.Status);
        Assert.Equal(0, outage.FailedRequests);
    }

    private TableServiceClient Client(DependencyOutage outage)
    {
        var options = new TableClientOptions();
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        return new TableServiceClient(azurite.ConnectionString, options);
    }

    private async Task<string?> TableNameAsync(string name)
    {
        await foreach (var table in azurite.TableService.QueryAsync(t => t.Name == name, cancellationToken: Ct))
        {
            return table.Name;
        }

        return null;
    }
}
