using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Creates every <see cref="OwnedTable"/> the features registered, at start-up, so a wrong storage setting fails the
/// start, not the first order; a short outage (Tables answering 503) is waited out (<see cref="StartupStorageRetry"/>).
/// </summary>
public sealed class OwnedTablesInitializer(TableServiceClient tableService, IEnumerable<OwnedTable> tables, TimeProvider? time = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in tables.Select(table => table.Name).Distinct(StringComparer.Ordinal))
        {
            await StartupStorageRetry.RunAsync(
                token => tableService.CreateTableIfNotExistsAsync(name, token), time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
