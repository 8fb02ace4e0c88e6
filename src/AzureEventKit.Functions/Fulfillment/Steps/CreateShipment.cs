using AzureEventKit.Contracts;
using AzureEventKit.Functions.Shipping;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>
/// Saga step 4, after payment is confirmed: book the shipment, and nothing else. This is the PIVOT: once it succeeded,
/// nothing is voided or released; capture and the announcement are separate steps that retry on their own.
/// </summary>
public sealed class CreateShipment(ShipmentScheduler scheduler)
{
    [Function(nameof(CreateShipment))]
    public Task<Shipment> RunAsync([ActivityTrigger] OrderPlaced order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return scheduler.ScheduleAsync(order.OrderId, cancellationToken);
    }
}
