using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Catalog;

/// <summary>Seeds missing products when the worker starts, after the tables exist, waiting out a short Tables outage.</summary>
public sealed class CatalogSeeding(CatalogSeeder seeder, TimeProvider? time = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StartupStorageRetry.RunAsync(seeder.SeedAsync, time ?? TimeProvider.System, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
