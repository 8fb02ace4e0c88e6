using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// Records that an order is Completed in its summary row, which the workflow alone writes (placement owns the request
/// row next to it). Safe to run twice (Durable retries activities): a completed order stays as it is.
/// </summary>
public sealed class OrderCompletion(TableServiceClient tables, TimeProvider timeProvider)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    public async Task<string> CompleteAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var found = await orders.GetEntityIfExistsAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (found.HasValue && found.Value!.Status == nameof(OrderStatus.Completed))
        {
            return nameof(OrderStatus.Completed);
        }

        // One writer, and Completed is final: a plain upsert cannot overwrite anyone's progress.
        await orders.UpsertEntityAsync(
            new OrderSummaryEntity { PartitionKey = orderId, Status = nameof(OrderStatus.Completed), UpdatedAt = timeProvider.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
        return nameof(OrderStatus.Completed);
    }
}
