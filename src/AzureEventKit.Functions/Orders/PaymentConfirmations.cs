using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// Turns a customer's confirmation into the saga's PaymentConfirmed event, but only when the saga is waiting for it;
/// raising it at any other time would be silently buffered or lost, so the caller gets 404 or 409 instead.
/// </summary>
public sealed class PaymentConfirmations(OrderQueries queries, TimeProvider timeProvider, ILogger<PaymentConfirmations> logger)
{
    public async Task<PaymentConfirmationResult> ConfirmAsync(string orderId, string? paymentId, DurableTaskClient durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(durable);
        if (!await queries.ExistsAsync(orderId, cancellationToken).ConfigureAwait(false))
        {
            return PaymentConfirmationResult.NotFound($"Order '{orderId}' does not exist.");
        }

        // getInputsAndOutputs: true, because without it the custom status (the AwaitingPayment stage) is not returned either.
        var instance = await durable.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return PaymentConfirmationResult.Conflict($"Fulfillment of order '{orderId}' has not started yet; try again shortly.");
        }

        var stage = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<string>();
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Running || stage != FulfillmentProtocol.AwaitingPaymentStatus)
        {
            return PaymentConfirmationResult.Conflict(
                $"Order '{orderId}' is not awaiting payment confirmation (fulfillment is {instance.RuntimeStatus}{(stage is null ? string.Empty : ", " + stage)}).");
        }

        var confirmation = new PaymentConfirmed(orderId, paymentId ?? string.Empty, timeProvider.GetUtcNow());
        await durable.RaiseEventAsync(orderId, FulfillmentProtocol.PaymentConfirmedEvent, confirmation, cancellationToken).ConfigureAwait(false);
        Logs.PaymentConfirmationRaised(logger, orderId);
        return PaymentConfirmationResult.Raised;
    }
}

/// <summary>The outcome of a payment confirmation.</summary>
public sealed record PaymentConfirmationResult(int StatusCode, string Detail)
{
    public static PaymentConfirmationResult Raised { get; } = new(202, "Payment confirmation accepted.");

    public static PaymentConfirmationResult NotFound(string detail) => new(404, detail);

    public static PaymentConfirmationResult Conflict(string detail) => new(409, detail);

    /// <summary>202, or the problem that explains why nothing was raised.</summary>
    public IActionResult ToActionResult() => StatusCode switch
    {
        StatusCodes.Status404NotFound => ProblemResult.NotFound(Detail),
        StatusCodes.Status409Conflict => ProblemResult.Conflict(Detail),
        _ => new StatusCodeResult(StatusCodes.Status202Accepted),
    };
}
