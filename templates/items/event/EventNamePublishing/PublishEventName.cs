using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsNamespace.EventNamePublishing;

/// <summary>
/// Publishes <see cref="EventName"/> to the orders topic, as a Durable activity: call it from an orchestration with
/// <c>context.CallActivityAsync(nameof(PublishEventName), new EventName(orderId, occurredAt))</c>, or call
/// <see cref="PublishAsync"/> from any class that has the app's <see cref="IEventPublisher"/>.
/// </summary>
public sealed class PublishEventName(IEventPublisher publisher)
{
    /// <summary>
    /// The event id (CloudEvent id and MessageId): one EventName per order, so an activity retried after a lost reply
    /// publishes the same id and the topic's duplicate detection drops the copy. If an order can have several, add what
    /// tells them apart to the record and to this id.
    /// </summary>
    public static string EventIdOf(EventName orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        return $"{orderEvent.OrderId}:{EventName.EventType}";
    }

    [Function(nameof(PublishEventName))]
    public Task RunAsync([ActivityTrigger] EventName orderEvent, CancellationToken cancellationToken) =>
        PublishAsync(orderEvent, cancellationToken);

    public Task PublishAsync(EventName orderEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        return string.IsNullOrWhiteSpace(orderEvent.OrderId)
            ? throw new ArgumentException($"{nameof(EventName)} needs an order id: it is the message's CorrelationId.", nameof(orderEvent))
            : publisher.PublishAsync(orderEvent, EventIdOf(orderEvent), cancellationToken);
    }
}
