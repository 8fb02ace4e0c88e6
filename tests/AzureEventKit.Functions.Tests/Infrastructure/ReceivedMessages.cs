using System.Globalization;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// Builds the messages a subscriber receives, with <see cref="ServiceBusModelFactory"/>: either from what the app's
/// own mapper sends, or from a hand-written body for the malformed cases no producer of ours would send.
/// </summary>
public static class ReceivedMessages
{
    private static long nextSequenceNumber = DateTime.UtcNow.Ticks;

    public static CloudEventMessageMapper Mapper { get; } = new(new MessagingOptions(), TimeProvider.System);

    /// <summary>A unique sequence number, so dead-letter rows of parallel tests never share a key.</summary>
    public static long NextSequenceNumber() => Interlocked.Increment(ref nextSequenceNumber);

    /// <summary>Maps <paramref name="orderEvent"/> with the app's mapper (by its runtime type) and receives it.</summary>
    public static ServiceBusReceivedMessage Of(IOrderEvent orderEvent, string? eventId = null, int deliveryCount = 1) =>
        FromSent(Send(orderEvent, eventId ?? Guid.NewGuid().ToString("N")), deliveryCount);

    /// <summary>The app's mapper, called with the event's runtime type (the mapper needs the concrete contract type).</summary>
    public static ServiceBusMessage Send(IOrderEvent orderEvent, string eventId) =>
        (ServiceBusMessage)typeof(CloudEventMessageMapper).GetMethod(nameof(CloudEventMessageMapper.ToMessage))!
            .MakeGenericMethod(orderEvent.GetType())
            .Invoke(Mapper, [orderEvent, eventId])!;

    /// <summary>What a receiver gets for a sent message: same body, ids, subject, content type and application properties.</summary>
    public static ServiceBusReceivedMessage FromSent(ServiceBusMessage sent, int deliveryCount = 1, IDictionary<string, object>? extraProperties = null)
    {
        var properties = new Dictionary<string, object>(sent.ApplicationProperties);
        foreach (var (key, value) in extraProperties ?? new Dictionary<string, object>())
        {
            properties[key] = value;
        }

        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body,
            messageId: sent.MessageId,
            correlationId: sent.CorrelationId,
            sessionId: sent.SessionId,
            subject: sent.Subject,
            contentType: sent.ContentType,
            properties: properties,
            deliveryCount: deliveryCount,
            sequenceNumber: NextSequenceNumber(),
            enqueuedTime: DateTimeOffset.UtcNow);
    }

    /// <summary>A message with an arbitrary body, as a foreign or broken producer might send it.</summary>
    public static ServiceBusReceivedMessage Raw(string body, string subject = OrderPlaced.EventType, string? correlationId = null, IDictionary<string, object>? properties = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: Guid.NewGuid().ToString("N"),
            correlationId: correlationId,
            subject: subject,
            contentType: CloudEventMessageMapper.CloudEventsJsonContentType,
            properties: properties ?? new Dictionary<string, object>(),
            deliveryCount: 1,
            sequenceNumber: NextSequenceNumber(),
            enqueuedTime: DateTimeOffset.UtcNow);

    /// <summary>A well-formed structured-mode CloudEvent whose type and data are whatever the test says.</summary>
    public static ServiceBusReceivedMessage CloudEvent(string eventType, string dataJson, string? eventId = null) =>
        Raw(
            $$"""
            {"specversion":"1.0","id":{{JsonSerializer.Serialize(eventId ?? Guid.NewGuid().ToString("N"))}},"type":{{JsonSerializer.Serialize(eventType)}},"source":"/tests","time":"{{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}}","datacontenttype":"application/json","data":{{dataJson}}}
            """,
            subject: eventType);
}
