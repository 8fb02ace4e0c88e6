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
/// Accepts a validated order: writes it as Pending, then publishes OrderPlaced.
/// With an Idempotency-Key the order id is derived from the key, so the insert itself is the idempotency check:
/// a retried POST finds the same row, returns the same order, and republishes if the first publish never happened.
/// </summary>
public sealed class OrderPlacement(TableServiceClient tables, IEventPublisher publisher, OrderWorkflowTelemetry telemetry, TimeProvider timeProvider, ILogger<OrderPlacement> logger)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    /// <param name="request">The validated body.</param>
    /// <param name="customerId">The signed-in caller's user id: the order's owner.</param>
    /// <param name="idempotencyKey">The caller's Idempotency-Key, if any; keys are per customer.</param>
    /// <param name="cancellationToken">Cancels the placement.</param>
    public async Task<PlacementResult> PlaceAsync(PlaceOrderRequest request, string customerId, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var fingerprint = Fingerprint(request);
        var orderId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : OrderIdFor(customerId, idempotencyKey);
        var now = timeProvider.GetUtcNow();
        var lines = request.Items!.Select(item => new OrderLine(item!.Sku!, item.Quantity!.Value, item.UnitPrice!.Value)).ToList();
        var total = lines.Sum(line => line.Quantity * line.UnitPrice);
        var entity = new OrderEntity
        {
            PartitionKey = orderId,
            CustomerId = customerId,
            CustomerEmail = request.CustomerEmail!,
            Currency = request.Currency!,
            LinesJson = JsonSerializer.Serialize(lines, OrdersJsonContext.Default.ListOrderLine),
            Total = (double)total,
            PlacedAt = now,
            UpdatedAt = now,
            RequestFingerprint = fingerprint,
        };

        var created = true;
        try
        {
            await orders.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409 && idempotencyKey is not null)
        {
            created = false;
            entity = (await orders.GetEntityAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (!string.Equals(entity.RequestFingerprint, fingerprint, StringComparison.Ordinal))
            {
                return PlacementResult.KeyReused(orderId);
            }

            Logs.OrderReturnedForIdempotencyKey(logger, orderId);
            if (entity.Published)
            {
                return PlacementResult.Accepted(orderId, entity.Status);
            }
        }

        var placed = new OrderPlaced(orderId, entity.CustomerId, entity.CustomerEmail, JsonSerializer.Deserialize(entity.LinesJson, OrdersJsonContext.Default.ListOrderLine)!, (decimal)entity.Total, entity.Currency, entity.PlacedAt);
        // A deterministic event id: a republish after a lost first attempt is dropped by duplicate detection if the first did land.
        await publisher.PublishAsync(placed, EventIdFor(orderId), cancellationToken).ConfigureAwait(false);
        // Merge the flag alone: subscribers may already have moved the order on, and merging the whole entity read
        // before the publish would write its old status back over theirs.
        await orders.UpdateEntityAsync(
            new TableEntity(orderId, OrderTables.SummaryRowKey) { [nameof(OrderEntity.Published)] = true },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken).ConfigureAwait(false);

        if (created)
        {
            telemetry.OrdersPlaced.Add(1, new KeyValuePair<string, object?>("currency", entity.Currency));
            Logs.OrderAccepted(logger, orderId, lines.Count, total, entity.Currency);
        }

        return PlacementResult.Accepted(orderId, entity.Status);
    }

    public static string EventIdFor(string orderId) => $"{orderId}:placed";

    /// <summary>
    /// The same key from the same customer always names the same order; hashing keeps any client-chosen key safe as a
    /// partition key, and the customer id in the hash keeps one customer's keys from ever naming another's order.
    /// </summary>
    public static string OrderIdFor(string customerId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("idempotency-key:" + customerId + "\n" + idempotencyKey)).AsSpan(0, 16));

    private static string Fingerprint(PlaceOrderRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, OrdersJsonContext.Default.PlaceOrderRequest)));
}
