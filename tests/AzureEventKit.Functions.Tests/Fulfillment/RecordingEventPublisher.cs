using System.Collections.Concurrent;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// TEST DOUBLE: records what the saga's activities publish instead of sending to Service Bus. Good enough at the
/// orchestration level, where the question is which events with which ids; the real publisher has its own tests.
/// </summary>
internal sealed class RecordingEventPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<(string EventId, IOrderEvent Event)> published = new();

    public IReadOnlyList<(string EventId, IOrderEvent Event)> Published => [.. published];

    public Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
        where TEvent : IOrderEvent
    {
        published.Enqueue((eventId, orderEvent));
        return Task.CompletedTask;
    }

    public IReadOnlyList<IOrderEvent> EventsFor(string orderId) =>
        [.. published.Where(entry => entry.Event.OrderId == orderId).Select(entry => entry.Event)];

    public IReadOnlyList<string> EventIdsFor(string orderId) =>
        [.. published.Where(entry => entry.Event.OrderId == orderId).Select(entry => entry.EventId)];
}
