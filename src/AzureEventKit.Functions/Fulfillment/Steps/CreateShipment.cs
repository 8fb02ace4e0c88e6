using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Shipping;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Saga step 4, after payment is confirmed: book the shipment, then announce it.</summary>
public sealed class CreateShipment(ShipmentScheduler scheduler, IEventPublisher publisher)
{
    [Function(nameof(CreateShipment))]
    public async Task<Shipment> RunAsync([ActivityTrigger] OrderPlaced order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var shipment = await scheduler.ScheduleAsync(order.OrderId, cancellationToken);
        await publisher.PublishAsync(
            new ShipmentCreated(order.OrderId, shipment.ShipmentId, shipment.TrackingNumber, shipment.CreatedAt),
            FulfillmentEventIds.ShipmentCreated(order.OrderId),
            cancellationToken);
        return shipment;
    }
}
