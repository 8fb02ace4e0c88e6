using System.Diagnostics;
using System.Net.Mime;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// Maps order events to Service Bus messages and back. The body is a structured-mode JSON CloudEvent;
/// MessageId = event id (duplicate detection), CorrelationId = order id, SessionId = order id (a session-enabled
/// subscription delivers one order's events in order, one at a time; others ignore it), Subject = event type (subscription filters),
/// and <c>traceparent</c> (plus <c>Diagnostic-Id</c>, the name the Service Bus SDK and the Functions host read) carries the
/// W3C trace context across the bus, so every subscriber's work joins the publisher's trace.
/// </summary>
public sealed class CloudEventMessageMapper(MessagingOptions options, TimeProvider timeProvider)
{
    public const string CloudEventsJsonContentType = "application/cloudevents+json";
    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    private static readonly JsonEventFormatter Formatter = new(new JsonSerializerOptions(JsonSerializerDefaults.Web), new JsonDocumentOptions());

    public ServiceBusMessage ToMessage<TEvent>(TEvent orderEvent, string eventId)
        where TEvent : IOrderEvent
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var eventType = EventCatalog.EventTypeOf(typeof(TEvent));
        EventCatalog.TryGetTypeInfo(eventType, out var typeInfo);
        var cloudEvent = new CloudEvent
        {
            Id = eventId,
            Type = eventType,
            Source = new Uri(options.EventSource, UriKind.RelativeOrAbsolute),
            Subject = orderEvent.OrderId,
            Time = timeProvider.GetUtcNow(),
            DataContentType = MediaTypeNames.Application.Json,
            Data = JsonSerializer.SerializeToElement(orderEvent, typeInfo!),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        var message = new ServiceBusMessage(body)
        {
            MessageId = eventId,
            CorrelationId = orderEvent.OrderId,
            SessionId = orderEvent.OrderId,
            Subject = eventType,
            ContentType = CloudEventsJsonContentType,
        };
        if (Activity.Current is { } activity)
        {
            message.ApplicationProperties[TraceParentProperty] = activity.Id;

            // The Functions host's Service Bus trigger takes its parent from Diagnostic-Id. The SDK sets it only when its
            // own tracing is on (and then to a span of its own); set here, the trigger's span always joins this trace.
            message.ApplicationProperties[DiagnosticIdProperty] = activity.Id;
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                message.ApplicationProperties[TraceStateProperty] = activity.TraceStateString;
            }
        }

        return message;
    }

    /// <summary>Reads an order event; every way a body can be wrong becomes a <see cref="PermanentMessageException"/> with its own reason.</summary>
    public static ReceivedOrderEvent FromMessage(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(message.Body.ToMemory(), contentType: null, extensionAttributes: null);
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            throw new PermanentMessageException(DeadLetterReason.UndeserializableBody, $"The body is not a JSON CloudEvent: {exception.Message}", exception);
        }

        var eventType = cloudEvent.Type ?? string.Empty;
        if (!EventCatalog.TryGetTypeInfo(eventType, out var typeInfo))
        {
            throw new PermanentMessageException(DeadLetterReason.UnknownEventType, $"Event type '{eventType}' is not one this system understands (known: {string.Join(", ", EventCatalog.EventTypes)}).");
        }

        if (cloudEvent.Data is not JsonElement data)
        {
            throw new PermanentMessageException(DeadLetterReason.UndeserializableBody, $"The {eventType} event has no JSON data.");
        }

        IOrderEvent orderEvent;
        try
        {
            orderEvent = (IOrderEvent)(data.Deserialize(typeInfo)
                ?? throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event's data is null."));
        }
        catch (JsonException exception)
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event's data does not match its contract: {exception.Message}", exception);
        }

        if (string.IsNullOrWhiteSpace(orderEvent.OrderId))
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event has no orderId.");
        }

        if (TableKeyRules.Problem(orderEvent.OrderId) is { } orderIdProblem)
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event's orderId {orderIdProblem}.");
        }

        if (TableKeyRules.Problem(cloudEvent.Id!) is { } eventIdProblem)
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event id {eventIdProblem}.");
        }

        if (orderEvent is OrderFailed { Reason: var reason } && !Enum.IsDefined(reason))
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The {eventType} event's reason {reason} is not an OrderFailureReason.");
        }

        return new ReceivedOrderEvent(cloudEvent.Id!, eventType, cloudEvent.Time ?? message.EnqueuedTime, orderEvent);
    }
}
