using Azure.Data.Tables;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// The outbox's other half: finds request rows still unpublished after <see cref="OrderOutboxOptions.RepublishAfter"/>
/// and publishes their OrderPlaced with the order's deterministic event id, then sets the flag. Whatever stopped
/// placement (a crash, a cancelled request, a broker error, a client that never retried), the order is announced.
/// </summary>
/// <remarks>
/// The query scans the Orders table for request rows with <c>Published eq false</c>; Tables has no secondary index, so its
/// cost grows with the table. At large volumes keep a pending index (one partition of order ids) next to the rows.
/// </remarks>
public sealed class OrderOutboxSweeper(
    TableServiceClient tables,
    IEventPublisher publisher,
    IOptions<OrderOutboxOptions> options,
    OrderWorkflowTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<OrderOutboxSweeper> logger)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    /// <summary>Publishes every stranded order it finds (at most <see cref="OrderOutboxOptions.MaxOrdersPerSweep"/>); returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var cutoff = now - settings.RepublishAfter;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {OrderTables.RequestRowKey} and Published eq {false} and PlacedAt le {cutoff}");
        var republished = 0;
        await foreach (var order in orders.QueryAsync<OrderRequestEntity>(filter, maxPerPage: settings.MaxOrdersPerSweep, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await OrderPlacement.PublishAsync(orders, publisher, order, cancellationToken).ConfigureAwait(false);
            republished++;
            telemetry.OrdersRepublished.Add(1);
            Logs.OrderRepublished(logger, order.PartitionKey, now - order.PlacedAt);
            if (republished == settings.MaxOrdersPerSweep)
            {
                break;
            }
        }

        return republished;
    }
}
