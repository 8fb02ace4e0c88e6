using Azure.Data.Tables;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Tests.Fulfillment;
using EventKit.Functions.Testing.Azurite;

[assembly: AssemblyFixture(typeof(FulfillmentAzuriteFixture))]

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// One real Azurite for the whole test assembly, with the fulfillment tables created. Tests isolate themselves by
/// using their own order ids and SKUs (see <see cref="TestCatalogue"/>), not by owning tables.
/// </summary>
public sealed class FulfillmentAzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? azurite;

    public TableServiceClient TableService { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        azurite = await AzuriteServer.StartAsync();
        TableService = new TableServiceClient(azurite.ConnectionString);
        foreach (var table in FulfillmentStorageInitializer.TableNames)
        {
            await TableService.CreateTableIfNotExistsAsync(table);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
