using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Catalog;
using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// Accepts a validated order: checks its quantity limits, prices every line from the catalogue, claims one of the
/// customer's open-order places, inserts its request row unpublished, publishes OrderPlaced with the server's prices,
/// then sets the row's <c>Published</c> flag. The flag is an outbox: if anything stops placement between the insert and
/// the flag (a crash, a cancelled request, a broker error), <see cref="OrderOutboxSweeper"/> publishes the order later
/// with the same event id.
/// With an Idempotency-Key the order id is derived from the key, so the insert itself is the idempotency check:
/// a retried POST finds the same row, returns the same order, and republishes if the first publish never happened.
/// </summary>
public sealed class OrderPlacement(
    TableServiceClient tables,
    CataloguePrices catalogue,
    OrderLimits limits,
    OpenOrderSlots openOrders,
    IEventPublisher publisher,
    OrderWorkflowTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<OrderPlacement> logger)
{
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    /// <summary>Places <paramref name="request"/> for <paramref name="customerId"/>.</summary>
    /// <param name="request">A request that passed <see cref="PlaceOrderValidator"/>.</param>
    /// <param name="customerId">The signed-in caller's user id: the order's owner and the holder of its open-order place.</param>
    /// <param name="idempotencyKey">The client's Idempotency-Key, if any.</param>
    /// <param name="cancellationToken">Cancels the placement.</param>
    public async Task<PlacementResult> PlaceAsync(PlaceOrderRequest request, string customerId, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var fingerprint = Fingerprint(request);
        var orderId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : OrderIdFor(customerId, idempotencyKey);
        var items = request.Items!.Select(item => item!).ToList();
        var quotes = await catalogue.QuoteAsync([.. items.Select(item => item.Sku!)], request.Currency!, cancellationToken).ConfigureAwait(false);
        var refusal = Unsellable(request, quotes);
        if (refusal is null)
        {
            var claim = await openOrders.TryClaimAsync(customerId, orderId, cancellationToken).ConfigureAwait(false);
            refusal = claim.IsClaimed ? null : ProblemResult.TooManyRequests(
                "This customer already has the most open orders allowed. Pay for one, or wait until an unpaid one expires, then try again.",
                claim.RetryAfter);
        }

        if (refusal is not null)
        {
            // A retry of an order the first attempt placed still gets that order, even if a price or a limit changed since.
            if (idempotencyKey is not null && await FindAsync(orderId, cancellationToken).ConfigureAwait(false) is { } placedBefore)
            {
                return await ReturnExistingAsync(placedBefore, fingerprint, cancellationToken).ConfigureAwait(false);
            }

            Logs.OrderRefused(logger, refusal.Status, refusal.Detail);
            return PlacementResult.Refused(refusal);
        }

        var attemptId = Guid.NewGuid().ToString("N");
        var lines = items.Zip(quotes, (item, quote) => new OrderLine(item.Sku!, item.Quantity!.Value, quote.UnitPrice!.Value, quote.Name)).ToList();
        var total = lines.Sum(line => line.Quantity * line.UnitPrice);
        var entity = new OrderRequestEntity
        {
            PartitionKey = orderId,
            CustomerId = customerId,
            CustomerEmail = request.CustomerEmail!,
            Currency = request.Currency!,
            LinesJson = JsonSerializer.Serialize(lines, OrdersJsonContext.Default.ListOrderLine),
            Total = (double)total,
            PlacedAt = timeProvider.GetUtcNow(),
            RequestFingerprint = fingerprint,
            PlacementAttemptId = attemptId,
        };

        try
        {
            await orders.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = (await orders.GetEntityAsync<OrderRequestEntity>(orderId, OrderTables.RequestRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;

            // Our own insert landed but its response was lost and the SDK's retry met it: this call created the order.
            if (!string.Equals(existing.PlacementAttemptId, attemptId, StringComparison.Ordinal))
            {
                // Without a key the id is a fresh GUID, so only a reused key can name another request's order.
                return idempotencyKey is not null
                    ? await ReturnExistingAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false)
                    : throw new InvalidOperationException($"Order id {orderId} collided with another order.");
            }

            entity = existing;
        }

        await PublishAsync(orders, publisher, entity, cancellationToken).ConfigureAwait(false);
        telemetry.OrdersPlaced.Add(1, new KeyValuePair<string, object?>("currency", entity.Currency));
        Logs.OrderAccepted(logger, orderId, lines.Count, total, entity.Currency);
        return PlacementResult.Accepted(orderId, OrderRequestEntity.StatusBeforeSummary);
    }

    public static string EventIdFor(string orderId) => $"{orderId}:placed";

    /// <summary>
    /// The same key from the same customer always names the same order; hashing keeps any client-chosen key safe as a
    /// partition key, and the customer id in the hash keeps one customer's keys from ever naming another's order.
    /// </summary>
    public static string OrderIdFor(string customerId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("idempotency-key:" + customerId + "\n" + idempotencyKey)).AsSpan(0, 16));

    /// <summary>
    /// Publishes the order's OrderPlaced from its request row (the server's prices), then sets the outbox flag. The event
    /// id is deterministic, so a republish after a lost or doubtful first attempt is dropped by duplicate detection (and by
    /// every consumer's ledger) if the first landed.
    /// </summary>
    internal static async Task PublishAsync(TableClient orders, IEventPublisher publisher, OrderRequestEntity entity, CancellationToken cancellationToken)
    {
        var orderId = entity.PartitionKey;
        var lines = JsonSerializer.Deserialize(entity.LinesJson, OrdersJsonContext.Default.ListOrderLine)!;

        // The total from the priced lines in decimal, not from the row's double column, so the saga authorizes the exact sum.
        var placed = new OrderPlaced(orderId, entity.CustomerId, entity.CustomerEmail, lines, lines.Sum(line => line.Quantity * line.UnitPrice), entity.Currency, entity.PlacedAt);
        await publisher.PublishAsync(placed, EventIdFor(orderId), cancellationToken).ConfigureAwait(false);

        // Only the Orders feature writes this row, so merging the flag alone cannot overwrite anyone's progress.
        await orders.UpdateEntityAsync(
            new TableEntity(orderId, OrderTables.RequestRowKey) { [nameof(OrderRequestEntity.Published)] = true },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A 422 naming every quantity above its limit and every line the catalogue cannot sell, or null.</summary>
    private ProblemResult? Unsellable(PlaceOrderRequest request, IReadOnlyList<CatalogueQuote> quotes)
    {
        var errors = new Dictionary<string, string[]>(limits.CheckQuantities(request), StringComparer.Ordinal);
        for (var index = 0; index < quotes.Count; index++)
        {
            if (quotes[index].Refusal is { } why)
            {
                errors[$"items[{index}].sku"] = [why];
            }
        }

        return errors.Count == 0 ? null : ProblemResult.Unprocessable(errors);
    }

    /// <summary>The order an earlier request with the same Idempotency-Key created: returned, and published if it never was.</summary>
    private async Task<PlacementResult> ReturnExistingAsync(OrderRequestEntity existing, string fingerprint, CancellationToken cancellationToken)
    {
        var orderId = existing.PartitionKey;
        if (!string.Equals(existing.RequestFingerprint, fingerprint, StringComparison.Ordinal))
        {
            return PlacementResult.KeyReused(orderId);
        }

        Logs.OrderReturnedForIdempotencyKey(logger, orderId);
        if (!existing.Published)
        {
            await PublishAsync(orders, publisher, existing, cancellationToken).ConfigureAwait(false);
        }

        return PlacementResult.Accepted(orderId, OrderRequestEntity.StatusBeforeSummary);
    }

    private async Task<OrderRequestEntity?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var found = await orders.GetEntityIfExistsAsync<OrderRequestEntity>(orderId, OrderTables.RequestRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private static string Fingerprint(PlaceOrderRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, OrdersJsonContext.Default.PlaceOrderRequest)));
}
