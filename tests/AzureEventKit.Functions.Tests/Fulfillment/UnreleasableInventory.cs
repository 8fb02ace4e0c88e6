using Azure.Data.Tables;
using AzureEventKit.Functions.Inventory;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>TEST DOUBLE: real reservations against Azurite, but every release fails, as during a storage outage.</summary>
internal sealed class UnreleasableInventory(TableServiceClient tableService)
    : InventoryReservations(tableService, TimeProvider.System, NullLogger<InventoryReservations>.Instance)
{
    public override Task<bool> ReleaseAsync(string orderId, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Simulated storage outage during release.");
}
