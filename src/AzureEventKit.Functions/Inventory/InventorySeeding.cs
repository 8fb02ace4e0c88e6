using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Inventory;

/// <summary>Seeds missing SKUs when the worker starts, after the tables exist, waiting out a short Tables outage, so the first order does not pay for it.</summary>
public sealed class InventorySeeding(InventorySeeder seeder, TimeProvider? time = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StartupStorageRetry.RunAsync(seeder.SeedAsync, time ?? TimeProvider.System, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
