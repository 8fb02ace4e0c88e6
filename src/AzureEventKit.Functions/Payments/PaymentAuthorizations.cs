using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Payments;

/// <summary>
/// Authorizes and voids an order's payment through <see cref="IPaymentGateway"/>, and keeps the provider's answer in
/// the Payments table. The stored answer is what makes retries safe: a second authorize returns it without asking the
/// provider again, and a void happens once and only for an authorized payment.
/// </summary>
public class PaymentAuthorizations
{
    private readonly TableClient table;
    private readonly IPaymentGateway gateway;
    private readonly TimeProvider timeProvider;

    public PaymentAuthorizations(TableServiceClient tableService, IPaymentGateway gateway, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        table = tableService.GetTableClient(PaymentEntity.Table);
        this.gateway = gateway;
        this.timeProvider = timeProvider;
    }

    /// <summary>Authorizes the order's total once; later calls return the first answer, approved or declined.</summary>
    public virtual async Task<PaymentAuthorizationOutcome> AuthorizeAsync(OrderPlaced order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (await FindAsync(order.OrderId, cancellationToken) is { } recorded)
        {
            return ToOutcome(recorded);
        }

        // The order id is the idempotency key: if we crash after the provider answered but before we stored it, the
        // retry asks again and the provider returns the same hold instead of a second one.
        var response = await gateway.AuthorizeAsync(
            new PaymentAuthorizationRequest(order.OrderId, order.CustomerId, order.Total, order.Currency), cancellationToken);
        var entity = new PaymentEntity
        {
            PartitionKey = order.OrderId,
            Status = response.IsApproved ? PaymentEntity.AuthorizedStatus : PaymentEntity.DeclinedStatus,
            PaymentId = response.PaymentId,
            DeclineReason = response.DeclineReason,
            Amount = order.Total.ToString(CultureInfo.InvariantCulture),
            Currency = order.Currency,
            DecidedAt = timeProvider.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return ToOutcome(entity);
        }
        catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.Conflict)
        {
            // A concurrent execution of the same activity stored its answer first; that one is the record.
            return ToOutcome((await FindAsync(order.OrderId, cancellationToken))!);
        }
    }

    /// <summary>
    /// Voids the order's authorized payment. Returns false when there is nothing to void (never authorized,
    /// declined, or already voided), so a retried compensation changes nothing.
    /// </summary>
    public virtual async Task<bool> VoidAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        while (true)
        {
            var recorded = await FindAsync(orderId, cancellationToken);
            if (recorded is not { Status: PaymentEntity.AuthorizedStatus, PaymentId: { } paymentId })
            {
                return false;
            }

            await gateway.VoidAsync(paymentId, cancellationToken);
            recorded.Status = PaymentEntity.VoidedStatus;
            recorded.VoidedAt = timeProvider.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(recorded, recorded.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Another execution changed the record; re-read and decide again (it is most likely voided now).
            }
        }
    }

    /// <summary>The recorded answer for the order's authorization, or null when none is recorded (yet).</summary>
    public virtual async Task<PaymentAuthorizationOutcome?> FindRecordedAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return await FindAsync(orderId, cancellationToken) is { } recorded ? ToOutcome(recorded) : null;
    }

    private async Task<PaymentEntity?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<PaymentEntity>(orderId, PaymentEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static PaymentAuthorizationOutcome ToOutcome(PaymentEntity entity) => new(
        entity is { Status: PaymentEntity.AuthorizedStatus, PaymentId: not null },
        entity.PaymentId,
        entity.Status == PaymentEntity.VoidedStatus ? "The payment was already voided." : entity.DeclineReason,
        decimal.Parse(entity.Amount, CultureInfo.InvariantCulture),
        entity.Currency,
        entity.DecidedAt);
}
