using Azure.Data.Tables;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Shipping;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// Creates the saga's tables and seeds the catalogue when the worker starts, so that the first order does not pay for
/// it and a missing storage connection fails start-up loudly instead of failing orders.
/// </summary>
public sealed class FulfillmentStorageInitializer(TableServiceClient tableService, InventorySeeder seeder) : IHostedService
{
    /// <summary>The tables this feature owns.</summary>
    public static IReadOnlyList<string> TableNames { get; } = [InventoryTable.Name, PaymentEntity.Table, ShipmentEntity.Table];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in TableNames)
        {
            await tableService.CreateTableIfNotExistsAsync(name, cancellationToken);
        }

        await seeder.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
