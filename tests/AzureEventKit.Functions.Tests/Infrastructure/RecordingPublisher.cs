using System.Collections.Concurrent;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST DOUBLE: records publishes instead of sending to Service Bus, so HTTP and saga tests can assert which events,
/// with which ids, were (or were not) announced. The real publisher is covered by the mapper and round-trip tests.
/// </summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<(string EventId, IOrderEvent Event)> published = new();

    public IReadOnlyList<(string EventId, IOrderEvent Event)> Published => [.. published];

    /// <summary>When set and true for an event, publishing it throws, as an unreachable broker would.</summary>
    public Func<IOrderEvent, bool>? FailWhen { get; set; }

    /// <summary>When set, runs once an event is published: what a fast subscriber would do before the publisher returns.</summary>
    public Func<IOrderEvent, Task>? AfterPublish { get; set; }

    public async Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
        where TEvent : IOrderEvent
    {
        // As the real sender does: a cancelled request publishes nothing.
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWhen?.Invoke(orderEvent) == true)
        {
            throw new InvalidOperationException($"Simulated broker outage: {eventId} was not published.");
        }

        published.Enqueue((eventId, orderEvent));
        if (AfterPublish is not null)
        {
            await AfterPublish(orderEvent);
        }
    }

    public IReadOnlyList<IOrderEvent> EventsFor(string orderId) =>
        [.. published.Where(entry => entry.Event.OrderId == orderId).Select(entry => entry.Event)];

    public IReadOnlyList<string> EventIdsFor(string orderId) =>
        [.. published.Where(entry => entry.Event.OrderId == orderId).Select(entry => entry.EventId)];
}
