using AzureEventKit.Functions.Messaging;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions;

/// <summary>Every log line the app writes, in one place, with stable event ids and structured fields.</summary>
internal static partial class Logs
{
    [LoggerMessage(1001, LogLevel.Warning, "Dead-lettering message {MessageId} on {Subscription}: {Reason}: {Description}")]
    public static partial void DeadLettering(ILogger logger, string messageId, string subscription, DeadLetterReason reason, string description);

    [LoggerMessage(1002, LogLevel.Warning, "Abandoning message {MessageId} on {Subscription} after attempt {DeliveryCount} in about {Backoff}; it will be redelivered")]
    public static partial void Abandoning(ILogger logger, Exception exception, string messageId, string subscription, int deliveryCount, TimeSpan backoff);

    [LoggerMessage(1503, LogLevel.Warning, "Could not record dead letter {MessageId} from {Subscription} (attempt {DeliveryCount}); abandoning in about {Backoff} to try again")]
    public static partial void DeadLetterNotRecorded(ILogger logger, Exception exception, string messageId, string subscription, int deliveryCount, TimeSpan backoff);

    [LoggerMessage(1101, LogLevel.Information, "Order {OrderId} accepted with {LineCount} lines, total {Total} {Currency}")]
    public static partial void OrderAccepted(ILogger logger, string orderId, int lineCount, decimal total, string currency);

    [LoggerMessage(1102, LogLevel.Information, "Order {OrderId} was already placed with this Idempotency-Key; returning it")]
    public static partial void OrderReturnedForIdempotencyKey(ILogger logger, string orderId);

    [LoggerMessage(1104, LogLevel.Information, "Order refused with {Status}: {Detail}")]
    public static partial void OrderRefused(ILogger logger, int status, string detail);

    [LoggerMessage(1105, LogLevel.Warning, "Order {OrderId} was saved {Age} ago but never announced; the outbox sweeper published its OrderPlaced")]
    public static partial void OrderRepublished(ILogger logger, string orderId, TimeSpan age);

    [LoggerMessage(1201, LogLevel.Information, "Fulfillment for order {OrderId} started")]
    public static partial void FulfillmentStarted(ILogger logger, string orderId);

    [LoggerMessage(1202, LogLevel.Information, "Fulfillment for order {OrderId} already exists; duplicate delivery ignored")]
    public static partial void FulfillmentAlreadyStarted(ILogger logger, string orderId);

    [LoggerMessage(1301, LogLevel.Information, "Projected {EventType} for order {OrderId}: status {Status}")]
    public static partial void Projected(ILogger logger, string eventType, string orderId, string status);

    [LoggerMessage(1302, LogLevel.Information, "Event {EventId} already processed by {Consumer}; skipping")]
    public static partial void DuplicateEventSkipped(ILogger logger, string eventId, string consumer);

    [LoggerMessage(1401, LogLevel.Information, "Notified customer of order {OrderId}: {Kind}")]
    public static partial void CustomerNotified(ILogger logger, string orderId, string kind);

    [LoggerMessage(1501, LogLevel.Warning, "Recorded dead-lettered message {MessageId} from {Subscription}: {Reason}")]
    public static partial void DeadLetterRecorded(ILogger logger, string messageId, string subscription, string reason);

    [LoggerMessage(1502, LogLevel.Information, "Replayed dead letter {DeadLetterId} as message {MessageId}")]
    public static partial void DeadLetterReplayed(ILogger logger, string deadLetterId, string messageId);
}
