using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Creates every <see cref="OwnedTable"/> the features registered, at start-up, so a wrong storage setting fails the
/// start, not the first order.
/// </summary>
public sealed class OwnedTablesInitializer(TableServiceClient tableService, IEnumerable<OwnedTable> tables) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in tables.Select(table => table.Name).Distinct(StringComparer.Ordinal))
        {
            await tableService.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
