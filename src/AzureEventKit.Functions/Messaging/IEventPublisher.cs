using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Messaging;

/// <summary>Publishes an order event to the <c>orders</c> topic as a CloudEvent.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes <paramref name="orderEvent"/>. <paramref name="eventId"/> becomes the CloudEvent id and the
    /// MessageId, so a retried publish with the same id is dropped by duplicate detection.
    /// </summary>
    Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
        where TEvent : IOrderEvent;
}
