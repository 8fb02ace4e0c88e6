using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Observability;

namespace AzureEventKit.Functions.Messaging;

/// <summary>Publishes order events to the topic. One sender per process: senders are thread-safe and hold the AMQP link.</summary>
public sealed class ServiceBusEventPublisher : IEventPublisher, IAsyncDisposable
{
    private readonly ServiceBusSender sender;
    private readonly CloudEventMessageMapper mapper;

    public ServiceBusEventPublisher(ServiceBusClient client, MessagingOptions options, CloudEventMessageMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        sender = client.CreateSender(options.TopicName);
        this.mapper = mapper;
    }

    public async Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
        where TEvent : IOrderEvent
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var eventType = EventCatalog.EventTypeOf(typeof(TEvent));
        using var activity = OrderWorkflowTelemetry.ActivitySource.StartActivity($"publish {eventType}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "servicebus");
        activity?.SetTag("messaging.destination.name", sender.EntityPath);
        activity?.SetTag("messaging.message.id", eventId);
        activity?.SetTag("order.id", orderEvent.OrderId);

        // The mapper reads Activity.Current, so the producer span above becomes the consumer's parent.
        var message = mapper.ToMessage(orderEvent, eventId);
        await sender.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();
}
