using System.Net;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Inventory;

/// <summary>
/// Reserves and releases stock in the Inventory table with optimistic concurrency. Each reservation is ONE table
/// transaction: every stock row is replaced under its ETag and the order's reservation row is added. If another order
/// changed a stock row in between, Azure rejects the whole transaction (412) and nothing is taken, so stock can never
/// go below zero however many orders race. Both operations are idempotent per order.
/// </summary>
public class InventoryReservations
{
    /// <summary>Optimistic attempts before giving up and letting the Durable retry policy try again later.</summary>
    internal const int MaxOptimisticAttempts = 40;

    private readonly TableClient table;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<InventoryReservations> logger;

    public InventoryReservations(TableServiceClient tableService, TimeProvider timeProvider, ILogger<InventoryReservations> logger)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        table = tableService.GetTableClient(InventoryTable.Name);
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>
    /// Reserves every line of the order, or nothing. Calling it again for the same order returns the first
    /// reservation and takes no more stock.
    /// </summary>
    /// <exception cref="ArgumentException">The order has more distinct SKUs than one table transaction can hold.</exception>
    /// <exception cref="InventoryContentionException">Every optimistic attempt lost a race with other orders.</exception>
    public virtual async Task<InventoryReservationOutcome> ReserveAsync(string orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentNullException.ThrowIfNull(lines);
        var wanted = ReservedQuantities.FromLines(lines);
        if (wanted.Count is 0 or > InventoryTable.MaxSkusPerOrder)
        {
            throw new ArgumentException(
                $"An order must name between 1 and {InventoryTable.MaxSkusPerOrder} distinct SKUs, so that its reservation fits one table transaction; it names {wanted.Count}.",
                nameof(lines));
        }

        for (var attempt = 1; attempt <= MaxOptimisticAttempts; attempt++)
        {
            var existing = await FindReservationAsync(orderId, cancellationToken);
            if (existing is not null)
            {
                // A released reservation belongs to a saga that already failed; reserving again under the same order
                // id would hold stock for an order nobody pays for, so the answer stays "not reserved".
                return existing.Status == InventoryReservationEntity.ReservedStatus
                    ? InventoryReservationOutcome.Reserved(existing.ReservedAt)
                    : InventoryReservationOutcome.OutOfStock([.. wanted.Keys]);
            }

            var stock = await ReadStockAsync(wanted.Keys, cancellationToken);
            var shortSkus = wanted
                .Where(pair => !stock.TryGetValue(pair.Key, out var item) || item.Available < pair.Value)
                .Select(pair => pair.Key)
                .ToList();
            if (shortSkus.Count > 0)
            {
                return InventoryReservationOutcome.OutOfStock(shortSkus);
            }

            var reservedAt = timeProvider.GetUtcNow();
            var actions = new List<TableTransactionAction>(wanted.Count + 1);
            foreach (var (sku, quantity) in wanted)
            {
                var item = stock[sku];
                item.Available -= quantity;
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, item, item.ETag));
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new InventoryReservationEntity
            {
                RowKey = InventoryTable.ReservationRowKey(orderId),
                OrderId = orderId,
                QuantitiesJson = ReservedQuantities.ToJson(wanted),
                ReservedAt = reservedAt,
            }));

            if (await TrySubmitAsync(actions, orderId, attempt, cancellationToken))
            {
                return InventoryReservationOutcome.Reserved(reservedAt);
            }
        }

        throw new InventoryContentionException(
            $"Could not reserve stock for order '{orderId}' after {MaxOptimisticAttempts} optimistic attempts; other orders kept changing the same SKUs.");
    }

    /// <summary>
    /// Gives back exactly what this order reserved, once. Returns false when the order reserved nothing or was
    /// already released, so a retried or duplicated compensation changes nothing.
    /// </summary>
    /// <exception cref="InventoryContentionException">Every optimistic attempt lost a race with other orders.</exception>
    public virtual async Task<bool> ReleaseAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        for (var attempt = 1; attempt <= MaxOptimisticAttempts; attempt++)
        {
            var reservation = await FindReservationAsync(orderId, cancellationToken);
            if (reservation is null || reservation.Status == InventoryReservationEntity.ReleasedStatus)
            {
                return false;
            }

            var reserved = ReservedQuantities.FromJson(reservation.QuantitiesJson);
            var stock = await ReadStockAsync(reserved.Keys, cancellationToken);
            var actions = new List<TableTransactionAction>(reserved.Count + 1);
            foreach (var (sku, quantity) in reserved)
            {
                if (stock.TryGetValue(sku, out var item))
                {
                    item.Available += quantity;
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, item, item.ETag));
                }
                else
                {
                    // The SKU was removed from the catalogue meanwhile; the units still exist, so bring the row back.
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new StockItemEntity
                    {
                        RowKey = InventoryTable.StockRowKey(sku),
                        Sku = sku,
                        Available = quantity,
                    }));
                }
            }

            reservation.Status = InventoryReservationEntity.ReleasedStatus;
            reservation.ReleasedAt = timeProvider.GetUtcNow();
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, reservation, reservation.ETag));

            if (await TrySubmitAsync(actions, orderId, attempt, cancellationToken))
            {
                return true;
            }
        }

        throw new InventoryContentionException(
            $"Could not release stock for order '{orderId}' after {MaxOptimisticAttempts} optimistic attempts; other orders kept changing the same SKUs.");
    }

    /// <summary>The free quantity of a SKU, or null when the catalogue does not have it.</summary>
    public virtual async Task<int?> GetAvailableAsync(string sku, CancellationToken cancellationToken = default)
    {
        var item = await table.GetEntityIfExistsAsync<StockItemEntity>(InventoryTable.Partition, InventoryTable.StockRowKey(sku), cancellationToken: cancellationToken);
        return item.HasValue ? item.Value!.Available : null;
    }

    private async Task<InventoryReservationEntity?> FindReservationAsync(string orderId, CancellationToken cancellationToken)
    {
        var reservation = await table.GetEntityIfExistsAsync<InventoryReservationEntity>(
            InventoryTable.Partition, InventoryTable.ReservationRowKey(orderId), cancellationToken: cancellationToken);
        return reservation.HasValue ? reservation.Value : null;
    }

    private async Task<Dictionary<string, StockItemEntity>> ReadStockAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var reads = skus.Select(async sku =>
        {
            var item = await table.GetEntityIfExistsAsync<StockItemEntity>(
                InventoryTable.Partition, InventoryTable.StockRowKey(sku), cancellationToken: cancellationToken);
            return (sku, item: item.HasValue ? item.Value : null);
        });
        var results = await Task.WhenAll(reads);
        return results.Where(result => result.item is not null).ToDictionary(result => result.sku, result => result.item!, StringComparer.Ordinal);
    }

    /// <summary>Submits one all-or-nothing transaction; false means another writer won the race and the caller should re-read.</summary>
    private async Task<bool> TrySubmitAsync(List<TableTransactionAction> actions, string orderId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(TableTransactionRules.Checked(actions), cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
        {
            // 412: a stock or reservation row changed since we read it. 409: a concurrent attempt for the same order
            // added its reservation row first (the next read returns it), or a stock row we re-create came back.
            InventoryLogs.InventoryConflict(logger, orderId, attempt, conflict.Status);
            await Task.Delay(ContentionBackoff.Next(attempt), timeProvider, cancellationToken);
            return false;
        }
    }
}
