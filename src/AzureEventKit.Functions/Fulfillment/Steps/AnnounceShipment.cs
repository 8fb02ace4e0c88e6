using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Shipping;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Saga step 6, past the pivot: announce the booked shipment, with its own retries.</summary>
public sealed class AnnounceShipment(IEventPublisher publisher)
{
    [Function(nameof(AnnounceShipment))]
    public Task RunAsync([ActivityTrigger] Shipment shipment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        return publisher.PublishAsync(
            new ShipmentCreated(shipment.OrderId, shipment.ShipmentId, shipment.TrackingNumber, shipment.CreatedAt),
            FulfillmentEventIds.ShipmentCreated(shipment.OrderId),
            cancellationToken);
    }
}
