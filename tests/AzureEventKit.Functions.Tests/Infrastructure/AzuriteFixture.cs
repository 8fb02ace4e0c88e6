using Azure.Data.Tables;
using AzureEventKit.Functions.Catalog;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using EventKit.Functions.Testing.Azurite;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// One real Azurite (127.0.0.1, free ports, in memory) for the whole assembly, with the app's read-side tables
/// created as <see cref="OwnedTablesInitializer"/> creates them. Tests isolate themselves by their own order ids.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? azurite;

    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public TableServiceClient TableService { get; private set; } = null!;

    public TableClient Orders => TableService.GetTableClient(OrderTables.Orders);

    public TableClient Notifications => TableService.GetTableClient(OrderTables.Notifications);

    public TableClient DeadLetters => TableService.GetTableClient(OrderTables.DeadLetters);

    public async ValueTask InitializeAsync()
    {
        azurite = await AzuriteServer.StartAsync();
        TableService = new TableServiceClient(azurite.ConnectionString);
        await new OwnedTablesInitializer(TableService, OrderTables.All.Select(name => new OwnedTable(name))).StartAsync(CancellationToken.None);
        await new OwnedTablesInitializer(TableService, [new OwnedTable(CatalogTable.Name), new OwnedTable(OpenOrderSlots.Table)]).StartAsync(CancellationToken.None);
        await TestPrices.SeedAsync(TableService, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>A fresh order id, unique across the run, in the shape the API issues.</summary>
    public static string NewOrderId() => Guid.NewGuid().ToString("N");

    /// <summary>Every row of one order's partition in the Orders table.</summary>
    public async Task<IReadOnlyList<TableEntity>> OrderPartitionAsync(string orderId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Orders.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>How many rows a table holds (keys only).</summary>
    public static async Task<int> CountAsync(TableClient table, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
