using AzureEventKit.Contracts;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Fulfillment.Steps;

/// <summary>Saga step 1: reserve every line, then announce it. Safe to retry: the reservation and the event id are both keyed by the order.</summary>
public sealed class ReserveInventory(InventoryReservations reservations, IEventPublisher publisher)
{
    [Function(nameof(ReserveInventory))]
    public async Task<InventoryReservationOutcome> RunAsync([ActivityTrigger] OrderPlaced order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var outcome = await reservations.ReserveAsync(order.OrderId, order.Lines, cancellationToken);
        if (outcome is { IsReserved: true, ReservedAt: { } reservedAt })
        {
            // Published after the effect and on every retry: a crash between the two must not lose the event, and the
            // deterministic id lets duplicate detection drop the repeats.
            await publisher.PublishAsync(
                new InventoryReserved(order.OrderId, order.Lines, reservedAt), FulfillmentEventIds.InventoryReserved(order.OrderId), cancellationToken);
        }

        return outcome;
    }
}
