using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Payments;

/// <summary>
/// Authorizes, captures and voids an order's payment through <see cref="IPaymentGateway"/>, and keeps the record in the
/// Payments table. The attempt is recorded BEFORE the provider is asked, so a hold the provider granted can always be
/// found and voided, even when storing the provider's answer failed. Every provider call carries the order's key for
/// that operation (<see cref="PaymentIdempotencyKeys"/>), so a retry never moves money twice.
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
        var recorded = await FindAsync(order.OrderId, cancellationToken) ?? await RecordAttemptAsync(order, cancellationToken);
        if (recorded.Status != PaymentEntity.AuthorizingStatus)
        {
            return ToOutcome(recorded);
        }

        // Asked again after a lost answer, the provider returns the same hold for the same key instead of a second one.
        var response = await gateway.AuthorizeAsync(
            new PaymentAuthorizationRequest(AuthorizationKeyOf(recorded), order.OrderId, order.CustomerId, order.Total, order.Currency), cancellationToken);
        recorded.Status = response.IsApproved ? PaymentEntity.AuthorizedStatus : PaymentEntity.DeclinedStatus;
        recorded.PaymentId = response.PaymentId;
        recorded.DeclineReason = response.DeclineReason;
        recorded.DecidedAt = timeProvider.GetUtcNow();
        try
        {
            await table.UpdateEntityAsync(recorded, recorded.ETag, TableUpdateMode.Replace, cancellationToken);
            return ToOutcome(recorded);
        }
        catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            // A concurrent execution of the same activity stored its answer first; that one is the record.
            return ToOutcome((await FindAsync(order.OrderId, cancellationToken))!);
        }
    }

    /// <summary>
    /// Takes the order's authorized money, once, with key <c>{orderId}:capture</c>; a later call returns the recorded
    /// capture without asking the provider. Only an authorized payment can be captured.
    /// </summary>
    /// <exception cref="InvalidOperationException">The order has no payment, or it is not authorized (declined, voided, unanswered).</exception>
    public virtual async Task<PaymentCapture> CaptureAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        while (true)
        {
            var recorded = await FindAsync(orderId, cancellationToken)
                ?? throw new InvalidOperationException($"Order '{orderId}' has no payment to capture.");
            if (recorded is { Status: PaymentEntity.CapturedStatus })
            {
                return ToCapture(recorded);
            }

            if (recorded is not { Status: PaymentEntity.AuthorizedStatus, PaymentId: { } paymentId })
            {
                throw new InvalidOperationException($"Order '{orderId}' cannot be captured: its payment is {recorded.Status}.");
            }

            var amount = decimal.Parse(recorded.Amount, CultureInfo.InvariantCulture);
            await gateway.CaptureAsync(new PaymentCaptureRequest(PaymentIdempotencyKeys.Capture(orderId), paymentId, amount, recorded.Currency), cancellationToken);
            recorded.Status = PaymentEntity.CapturedStatus;
            recorded.CapturedAt = timeProvider.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(recorded, recorded.ETag, TableUpdateMode.Replace, cancellationToken);
                return ToCapture(recorded);
            }
            catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Another execution changed the record; re-read and decide again (it is most likely captured now).
            }
        }
    }

    /// <summary>
    /// Voids the order's hold by the attempt's key, also when the provider's answer was never recorded. Returns false
    /// when there is nothing to void (never attempted, declined, already voided or captured), so a retried compensation
    /// changes nothing.
    /// </summary>
    public virtual async Task<bool> VoidAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        while (true)
        {
            var recorded = await FindAsync(orderId, cancellationToken);
            if (recorded is not { Status: PaymentEntity.AuthorizingStatus or PaymentEntity.AuthorizedStatus })
            {
                return false;
            }

            await gateway.VoidAsync(new PaymentVoidRequest(PaymentIdempotencyKeys.Void(orderId), AuthorizationKeyOf(recorded), recorded.PaymentId), cancellationToken);
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
        return await FindAsync(orderId, cancellationToken) is { Status: not PaymentEntity.AuthorizingStatus } recorded ? ToOutcome(recorded) : null;
    }

    /// <summary>Records that the provider is about to be asked, with the key it will be asked with.</summary>
    private async Task<PaymentEntity> RecordAttemptAsync(OrderPlaced order, CancellationToken cancellationToken)
    {
        var attempt = new PaymentEntity
        {
            PartitionKey = order.OrderId,
            Status = PaymentEntity.AuthorizingStatus,
            AuthorizationKey = PaymentIdempotencyKeys.Authorize(order.OrderId),
            Amount = order.Total.ToString(CultureInfo.InvariantCulture),
            Currency = order.Currency,
            AttemptedAt = timeProvider.GetUtcNow(),
        };
        try
        {
            var added = await table.AddEntityAsync(attempt, cancellationToken);
            attempt.ETag = added.Headers.ETag ?? default;
            return attempt;
        }
        catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.Conflict)
        {
            // A concurrent execution (or a lost response to our own insert) recorded the attempt first.
            return (await FindAsync(order.OrderId, cancellationToken))!;
        }
    }

    private async Task<PaymentEntity?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<PaymentEntity>(orderId, PaymentEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Rows recorded before attempts carried their key were authorized with the order id as the key.</summary>
    private static string AuthorizationKeyOf(PaymentEntity entity) => entity.AuthorizationKey ?? entity.PartitionKey;

    private static PaymentAuthorizationOutcome ToOutcome(PaymentEntity entity) => new(
        entity is { Status: PaymentEntity.AuthorizedStatus or PaymentEntity.CapturedStatus, PaymentId: not null },
        entity.PaymentId,
        entity.Status == PaymentEntity.VoidedStatus ? "The payment was already voided." : entity.DeclineReason,
        decimal.Parse(entity.Amount, CultureInfo.InvariantCulture),
        entity.Currency,
        entity.DecidedAt ?? entity.AttemptedAt ?? DateTimeOffset.MinValue);

    private static PaymentCapture ToCapture(PaymentEntity entity) => new(
        entity.PartitionKey,
        entity.PaymentId!,
        decimal.Parse(entity.Amount, CultureInfo.InvariantCulture),
        entity.Currency,
        entity.CapturedAt ?? entity.DecidedAt ?? DateTimeOffset.MinValue);
}
