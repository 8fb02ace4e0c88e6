using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Inventory;

/// <summary>Seeds missing SKUs when the worker starts, after the tables exist, so the first order does not pay for it.</summary>
public sealed class InventorySeeding(InventorySeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
