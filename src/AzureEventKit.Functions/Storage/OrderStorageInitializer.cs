using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Storage;

/// <summary>Creates the order read-side tables at start-up, so a wrong storage setting fails the start, not the first order.</summary>
public sealed class OrderStorageInitializer(TableServiceClient tableService) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in OrderTables.All)
        {
            await tableService.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
