using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
#if (minimal)
using AzureEventKit.Functions.Fulfillment;
#else
using AzureEventKit.Functions.Projections;
#endif
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// Bounds how many open (unpaid) orders one customer holds. Each customer has <see cref="OrderLimitsOptions.MaxOpenOrdersPerCustomer"/>
/// places in the OpenOrders table; a new order must claim a free one before it is written. A place is free when it is
/// missing, or when the order holding it is no longer open: its status shows it paid (shipped), completed or failed.
/// Nothing has to release a place, so no other feature writes this table and a lost update cannot leak a place for good.
/// </summary>
public sealed class OpenOrderSlots(TableServiceClient tables, IOptions<OrderLimitsOptions> options, TimeProvider timeProvider)
{
    public const string Table = "OpenOrders";

    /// <summary>How long a place whose order row never appeared stays taken: the placement that claimed it may still be writing.</summary>
    internal static readonly TimeSpan UnwrittenOrderGrace = TimeSpan.FromMinutes(2);

    private const int MaxAttempts = 10;

    /// <summary>The statuses of an order that still holds stock without being paid.</summary>
    private static readonly HashSet<string> OpenStatuses = new(StringComparer.Ordinal)
    {
        nameof(OrderStatus.Pending),
#if (!minimal)
        nameof(OrderStatus.InventoryReserved),
        nameof(OrderStatus.PaymentAuthorized),
#endif
    };

    private readonly TableClient slots = tables.GetTableClient(Table);
    private readonly TableClient orders = tables.GetTableClient(OrderTables.Orders);

    /// <summary>
    /// Claims a place for <paramref name="orderId"/> among <paramref name="customerId"/>'s open orders, or says how long to
    /// wait. Calling it again for the same order finds its place and claims nothing more.
    /// </summary>
    /// <param name="customerId">Whose orders count; the caller decides where the identity comes from.</param>
    /// <param name="orderId">The order that wants a place.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    public async Task<OpenOrderClaim> TryClaimAsync(string customerId, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var limits = options.Value;
        var partition = PartitionFor(customerId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var held = new List<OpenOrderSlotEntity>();
            await foreach (var slot in slots.QueryAsync<OpenOrderSlotEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (slot.OrderId == orderId)
                {
                    return OpenOrderClaim.Claimed;
                }

                held.Add(slot);
            }

            var claim = NewClaim(partition, orderId);
            OpenOrderSlotEntity? reusable = null;
            var open = 0;
            foreach (var slot in held)
            {
                if (await IsOpenAsync(slot, cancellationToken).ConfigureAwait(false))
                {
                    open++;
                }
                else if (reusable is null && int.TryParse(slot.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < limits.MaxOpenOrdersPerCustomer)
                {
                    reusable = slot;
                }
            }

            if (open >= limits.MaxOpenOrdersPerCustomer)
            {
                return OpenOrderClaim.Refused(limits.OpenOrdersRetryAfter);
            }

            try
            {
                if (reusable is not null)
                {
                    // Take over a closed order's place; the ETag makes a racing claimant of the same place lose.
                    claim.RowKey = reusable.RowKey;
                    await slots.UpdateEntityAsync(claim, reusable.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return OpenOrderClaim.Claimed;
                }

                var taken = held.Select(slot => slot.RowKey).ToHashSet(StringComparer.Ordinal);
                var free = Enumerable.Range(0, limits.MaxOpenOrdersPerCustomer).Select(Key).FirstOrDefault(key => !taken.Contains(key));
                if (free is null)
                {
                    return OpenOrderClaim.Refused(limits.OpenOrdersRetryAfter);
                }

                claim.RowKey = free;
                await slots.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                return OpenOrderClaim.Claimed;
            }
            catch (RequestFailedException raced) when (raced.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another placement of this customer took that place first; look again.
            }
        }

        // Every attempt lost a race with the same customer's other placements: that customer is placing as fast as it can.
        return OpenOrderClaim.Refused(limits.OpenOrdersRetryAfter);
    }

    /// <summary>The partition of a customer's places: a hash, so any identity value is a safe key and no customer id is stored in a key.</summary>
    internal static string PartitionFor(string customerId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("open-orders:" + customerId)).AsSpan(0, 16));

    private static string Key(int number) => number.ToString(CultureInfo.InvariantCulture);

    private OpenOrderSlotEntity NewClaim(string partition, string orderId) =>
        new() { PartitionKey = partition, OrderId = orderId, ClaimedAt = timeProvider.GetUtcNow() };

    /// <summary>
    /// Open while the read model says so; Pending while only the request row exists (the projector has not caught up);
    /// and, for a place whose order was never written, open for a short grace so a placement in progress keeps it.
    /// </summary>
    private async Task<bool> IsOpenAsync(OpenOrderSlotEntity slot, CancellationToken cancellationToken)
    {
        string? status = null;
        var requested = false;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {slot.OrderId} and (RowKey eq {OrderTables.RequestRowKey} or RowKey eq {OrderTables.SummaryRowKey})");
        await foreach (var row in orders.QueryAsync<TableEntity>(filter, select: ["RowKey", nameof(OrderSummaryEntity.Status)], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            requested |= row.RowKey == OrderTables.RequestRowKey;
            status = row.RowKey == OrderTables.SummaryRowKey ? row.GetString(nameof(OrderSummaryEntity.Status)) : status;
        }

        return status is not null ? OpenStatuses.Contains(status)
            : requested || timeProvider.GetUtcNow() - slot.ClaimedAt < UnwrittenOrderGrace;
    }
}
