using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// Moves an order's summary row to Completed. Safe to run twice (Durable retries activities): a completed order stays
/// as it is. The update is ETag-checked, so a concurrent writer is never overwritten; on a conflict the row is read again.
/// </summary>
public sealed class OrderCompletion(TableServiceClient tables, TimeProvider timeProvider)
{
    private const int MaxConcurrencyAttempts = 5;

    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    public async Task<string> CompleteAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        for (var attempt = 1; ; attempt++)
        {
            var found = await orders.GetEntityIfExistsAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);

            // The saga starts from OrderPlaced, which is published only after the row is written: a missing row is a bug
            // or a deleted order, and failing makes Durable retry and then report it rather than invent an order.
            var order = found.HasValue ? found.Value! : throw new InvalidOperationException($"Order '{orderId}' has no summary row.");
            if (order.Status == nameof(OrderStatus.Completed))
            {
                return order.Status;
            }

            order.Status = nameof(OrderStatus.Completed);
            order.UpdatedAt = timeProvider.GetUtcNow();
            try
            {
                await orders.UpdateEntityAsync(order, order.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return order.Status;
            }
            catch (RequestFailedException exception) when (exception.Status == 412 && attempt < MaxConcurrencyAttempts)
            {
                // Someone else changed the row since it was read; read it again and decide again.
            }
        }
    }
}
