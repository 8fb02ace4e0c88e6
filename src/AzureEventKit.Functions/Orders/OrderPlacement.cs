using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// Accepts a validated order: inserts its request row unpublished, publishes OrderPlaced, then sets the row's
/// <c>Published</c> flag. The flag is an outbox: if anything stops placement between the insert and the flag (a crash,
/// a cancelled request, a broker error), <see cref="OrderOutboxSweeper"/> publishes the order later with the same event id.
/// With an Idempotency-Key the order id is derived from the key, so the insert itself is the idempotency check:
/// a retried POST finds the same row, returns the same order, and republishes if the first publish never happened.
/// </summary>
public sealed class OrderPlacement(TableServiceClient tables, IEventPublisher publisher, OrderWorkflowTelemetry telemetry, TimeProvider timeProvider, ILogger<OrderPlacement> logger)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    public async Task<PlacementResult> PlaceAsync(PlaceOrderRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fingerprint = Fingerprint(request);
        var orderId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : OrderIdFor(idempotencyKey);
        var attemptId = Guid.NewGuid().ToString("N");
        var lines = request.Items!.Select(item => new OrderLine(item!.Sku!, item.Quantity!.Value, item.UnitPrice!.Value)).ToList();
        var total = lines.Sum(line => line.Quantity * line.UnitPrice);
        var entity = new OrderRequestEntity
        {
            PartitionKey = orderId,
            CustomerId = request.CustomerId!,
            CustomerEmail = request.CustomerEmail!,
            Currency = request.Currency!,
            LinesJson = JsonSerializer.Serialize(lines, OrdersJsonContext.Default.ListOrderLine),
            Total = (double)total,
            PlacedAt = timeProvider.GetUtcNow(),
            RequestFingerprint = fingerprint,
            PlacementAttemptId = attemptId,
        };

        var created = true;
        try
        {
            await orders.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            entity = (await orders.GetEntityAsync<OrderRequestEntity>(orderId, OrderTables.RequestRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (!string.Equals(entity.RequestFingerprint, fingerprint, StringComparison.Ordinal))
            {
                // Without a key the id is a fresh GUID, so only a reused key can name someone else's order.
                return idempotencyKey is not null ? PlacementResult.KeyReused(orderId) : throw new InvalidOperationException($"Order id {orderId} collided with another order.");
            }

            // Our own insert landed but its response was lost and the SDK's retry met it: this call created the order.
            created = string.Equals(entity.PlacementAttemptId, attemptId, StringComparison.Ordinal);
            if (!created)
            {
                Logs.OrderReturnedForIdempotencyKey(logger, orderId);
                if (entity.Published)
                {
                    return PlacementResult.Accepted(orderId, OrderRequestEntity.StatusBeforeSummary);
                }
            }
        }

        await PublishAsync(orders, publisher, entity, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            telemetry.OrdersPlaced.Add(1, new KeyValuePair<string, object?>("currency", entity.Currency));
            Logs.OrderAccepted(logger, orderId, lines.Count, total, entity.Currency);
        }

        return PlacementResult.Accepted(orderId, OrderRequestEntity.StatusBeforeSummary);
    }

    public static string EventIdFor(string orderId) => $"{orderId}:placed";

    /// <summary>The same key always names the same order; hashing keeps any client-chosen key safe as a partition key.</summary>
    public static string OrderIdFor(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("idempotency-key:" + idempotencyKey)).AsSpan(0, 16));

    /// <summary>
    /// Publishes the order's OrderPlaced, then sets the outbox flag. The event id is deterministic, so a republish after a
    /// lost or doubtful first attempt is dropped by duplicate detection (and by every consumer's ledger) if the first landed.
    /// </summary>
    internal static async Task PublishAsync(TableClient orders, IEventPublisher publisher, OrderRequestEntity entity, CancellationToken cancellationToken)
    {
        var orderId = entity.PartitionKey;
        var placed = new OrderPlaced(orderId, entity.CustomerId, entity.CustomerEmail, JsonSerializer.Deserialize(entity.LinesJson, OrdersJsonContext.Default.ListOrderLine)!, (decimal)entity.Total, entity.Currency, entity.PlacedAt);
        await publisher.PublishAsync(placed, EventIdFor(orderId), cancellationToken).ConfigureAwait(false);

        // Only the Orders feature writes this row, so merging the flag alone cannot overwrite anyone's progress.
        await orders.UpdateEntityAsync(
            new TableEntity(orderId, OrderTables.RequestRowKey) { [nameof(OrderRequestEntity.Published)] = true },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken).ConfigureAwait(false);
    }

    private static string Fingerprint(PlaceOrderRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, OrdersJsonContext.Default.PlaceOrderRequest)));
}
