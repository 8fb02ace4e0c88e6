using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>The webhook's log lines. Never the body, the signature or the secret.</summary>
internal static partial class PaymentWebhookLogs
{
    [LoggerMessage(1801, LogLevel.Warning, "Payment webhook refused: {Verification}")]
    public static partial void Refused(ILogger logger, WebhookVerification verification);

    [LoggerMessage(1802, LogLevel.Error, "Payment webhook refused every request: PaymentWebhook:SigningSecret is {Problem}")]
    public static partial void NotConfigured(ILogger logger, string problem);

    [LoggerMessage(1803, LogLevel.Information, "Payment webhook event {EventId} was already processed; nothing done")]
    public static partial void Duplicate(ILogger logger, string eventId);

    [LoggerMessage(1804, LogLevel.Warning, "Payment webhook event {EventId} names payment {PaymentId} for order {OrderId}, which is not the recorded authorization; nothing raised")]
    public static partial void PaymentMismatch(ILogger logger, string eventId, string paymentId, string orderId);

    [LoggerMessage(1805, LogLevel.Information, "Payment webhook event {EventId} ({Type}) raised to the saga of order {OrderId}")]
    public static partial void Raised(ILogger logger, string eventId, string type, string orderId);
}
