using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Catalog;

/// <summary>Seeds missing products when the worker starts, after the tables exist.</summary>
public sealed class CatalogSeeding(CatalogSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
