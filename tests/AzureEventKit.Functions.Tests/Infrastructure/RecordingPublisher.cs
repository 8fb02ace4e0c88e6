using System.Collections.Concurrent;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST DOUBLE: records publishes instead of sending to Service Bus, so HTTP tests can assert what was (or was not)
/// announced. The real publisher's mapping is covered by the CloudEventMessageMapper tests.
/// </summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<(string EventId, IOrderEvent Event)> published = new();

    public IReadOnlyList<(string EventId, IOrderEvent Event)> Published => [.. published];

    public Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
        where TEvent : IOrderEvent
    {
        published.Enqueue((eventId, orderEvent));
        return Task.CompletedTask;
    }
}
