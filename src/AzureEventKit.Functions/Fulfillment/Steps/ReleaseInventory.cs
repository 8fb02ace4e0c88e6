using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Observability;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Compensation for <see cref="ReserveInventory"/>: gives back what the order reserved. Counts only releases that changed stock.</summary>
public sealed class ReleaseInventory(InventoryReservations reservations, OrderWorkflowTelemetry telemetry)
{
    [Function(nameof(ReleaseInventory))]
    public async Task<bool> RunAsync([ActivityTrigger] string orderId, CancellationToken cancellationToken)
    {
        var released = await reservations.ReleaseAsync(orderId, cancellationToken);
        if (released)
        {
            telemetry.Compensations.Add(1, new KeyValuePair<string, object?>("action", "release-inventory"));
        }

        return released;
    }
}
