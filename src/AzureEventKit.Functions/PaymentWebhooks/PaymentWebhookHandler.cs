using System.Text.Json;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Payments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>
/// Turns the payment provider's signed webhook into the saga's <c>PaymentConfirmed</c> event, in this order:
/// signature and timestamp (401), body (400), event id already processed (200, nothing done), the payment id against
/// the authorization recorded for the order (422 on a mismatch, nothing raised), the saga waiting for it (409 otherwise,
/// so the provider retries), then raise and record the event id.
/// </summary>
public sealed class PaymentWebhookHandler(
    IOptionsMonitor<PaymentWebhookOptions> options,
    ProcessedWebhookEvents processed,
    PaymentAuthorizations authorizations,
    TimeProvider timeProvider,
    ILogger<PaymentWebhookHandler> logger)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, ReadOnlyMemory<byte> body, DurableTaskClient durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        var settings = options.CurrentValue;
        if (SecretProblem(settings.SigningSecret) is { } notConfigured)
        {
            PaymentWebhookLogs.NotConfigured(logger, notConfigured);
            return new ProblemResult(StatusCodes.Status503ServiceUnavailable, "Webhook not configured.", "The webhook cannot verify signatures yet; try again later.");
        }

        var verification = WebhookSignature.Verify(
            settings.SigningSecret!,
            request.Headers[WebhookSignature.TimestampHeader].ToString(),
            request.Headers[WebhookSignature.SignatureHeader].ToString(),
            body.Span,
            timeProvider.GetUtcNow(),
            settings.Tolerance);
        if (verification != WebhookVerification.Valid)
        {
            PaymentWebhookLogs.Refused(logger, verification);
            return ProblemResult.Unauthorized(Explain(verification, settings.Tolerance));
        }

        PaymentWebhookEvent? webhookEvent;
        try
        {
            webhookEvent = JsonSerializer.Deserialize(body.Span, PaymentWebhooksJsonContext.Default.PaymentWebhookEvent);
        }
        catch (JsonException)
        {
            return ProblemResult.BadRequest("body", "The body is not a JSON payment event.");
        }

        var errors = PaymentWebhookValidator.Validate(webhookEvent);
        if (errors.Count > 0)
        {
            return ProblemResult.Validation(errors);
        }

        var (eventId, orderId, paymentId) = (webhookEvent!.Id!, webhookEvent.OrderId!, webhookEvent.PaymentId!);
        if (await processed.ContainsAsync(eventId, cancellationToken).ConfigureAwait(false))
        {
            PaymentWebhookLogs.Duplicate(logger, eventId);
            return new OkResult();
        }

        var recorded = await authorizations.FindRecordedAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            return ProblemResult.NotFound($"No payment authorization is recorded for order '{orderId}'.");
        }

        if (!string.Equals(recorded.PaymentId, paymentId, StringComparison.Ordinal))
        {
            PaymentWebhookLogs.PaymentMismatch(logger, eventId, paymentId, orderId);
            return new ProblemResult(
                StatusCodes.Status422UnprocessableEntity,
                "Payment does not match.",
                $"Payment '{paymentId}' is not the payment authorized for order '{orderId}'.",
                new Dictionary<string, string[]> { ["paymentId"] = ["paymentId is not the payment authorized for this order."] });
        }

        if (await AwaitingPaymentProblemAsync(durable, orderId, cancellationToken).ConfigureAwait(false) is { } notWaiting)
        {
            return notWaiting;
        }

        var approved = webhookEvent.Type == PaymentWebhookEvent.ApprovedType;
        var confirmation = new PaymentConfirmed(orderId, paymentId, timeProvider.GetUtcNow(), approved, approved ? null : webhookEvent.Reason ?? "Declined by the payment provider.");
        await durable.RaiseEventAsync(orderId, FulfillmentProtocol.PaymentConfirmedEvent, confirmation, cancellationToken).ConfigureAwait(false);
        await processed.RecordAsync(eventId, orderId, webhookEvent.Type!, cancellationToken).ConfigureAwait(false);
        PaymentWebhookLogs.Raised(logger, eventId, webhookEvent.Type!, orderId);
        return new OkResult();
    }

    /// <summary>Why the configured secret cannot be used, or null when it can.</summary>
    public static string? SecretProblem(string? secret) => secret switch
    {
        null or "" => "not set",
        _ when secret.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) =>
            "an unresolved Key Vault reference (check that the secret exists and the app's identity holds Key Vault Secrets User on the vault)",
        { Length: < PaymentWebhookOptions.MinSecretLength } => $"shorter than {PaymentWebhookOptions.MinSecretLength} characters",
        _ => null,
    };

    private static async Task<ProblemResult?> AwaitingPaymentProblemAsync(DurableTaskClient durable, string orderId, CancellationToken cancellationToken)
    {
        // getInputsAndOutputs: true, because without it the custom status (the AwaitingPayment stage) is not returned either.
        var instance = await durable.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return ProblemResult.Conflict($"Fulfillment of order '{orderId}' has not started yet; try again shortly.");
        }

        var stage = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<string>();
        return instance.RuntimeStatus == OrchestrationRuntimeStatus.Running && stage == FulfillmentProtocol.AwaitingPaymentStatus
            ? null
            : ProblemResult.Conflict($"Order '{orderId}' is not awaiting payment (fulfillment is {instance.RuntimeStatus}{(stage is null ? string.Empty : ", " + stage)}).");
    }

    private static string Explain(WebhookVerification verification, TimeSpan tolerance) => verification switch
    {
        WebhookVerification.MissingHeaders => $"The request needs the {WebhookSignature.TimestampHeader} and {WebhookSignature.SignatureHeader} headers.",
        WebhookVerification.MalformedTimestamp => $"{WebhookSignature.TimestampHeader} must be Unix seconds.",
        WebhookVerification.OutsideTolerance => $"{WebhookSignature.TimestampHeader} is more than {tolerance.TotalMinutes:0.#} minutes from now.",
        _ => $"{WebhookSignature.SignatureHeader} does not match the body.",
    };
}
