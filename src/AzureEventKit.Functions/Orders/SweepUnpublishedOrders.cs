using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Orders;

/// <summary>Every minute: publish the orders whose OrderPlaced never reached the bus (see <see cref="OrderOutboxSweeper"/>).</summary>
public sealed class SweepUnpublishedOrders(OrderOutboxSweeper sweeper)
{
    /// <summary>At second 0 of every minute; the Functions host runs one sweep at a time across instances.</summary>
    public const string Schedule = "0 * * * * *";

    [Function(nameof(SweepUnpublishedOrders))]
    public Task<int> Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
