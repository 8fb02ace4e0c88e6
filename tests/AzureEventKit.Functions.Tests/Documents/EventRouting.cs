using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using EventKit.ServiceBus.Emulator;

namespace AzureEventKit.Functions.Tests.Documents;

/// <summary>
/// Which event types each subscription receives, found the way Service Bus decides it: one message per event type is
/// sent through a private emulator loaded with the topology file, and each subscription is peeked. The filters are
/// evaluated by the emulator's engine, so the document never re-implements SQL filter semantics. Like the app's own
/// events, the probes carry a session id, so a session-enabled subscription (<c>eventkit-subscriber --sessions</c>) is
/// peeked through that session instead of dead-lettering them.
/// </summary>
public static class EventRouting
{
    /// <summary>(topic, subscription) → the event types its rules let through, in ordinal order.</summary>
    public static async Task<IReadOnlyDictionary<(string Topic, string Subscription), IReadOnlyList<string>>> DiscoverAsync(
        EmulatorTopology topology, CancellationToken cancellationToken)
    {
        const string ProbeSession = "event-routing-probe";
        await using var emulator = await ServiceBusEmulator.StartAsync(
            new ServiceBusEmulatorOptions { Port = 0, InspectionPort = -1, Topology = topology }, cancellationToken);
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        var eventTypes = EventCatalog.EventTypes.Order(StringComparer.Ordinal).ToList();
        var routing = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var topic in topology.Topics)
        {
            await using var sender = client.CreateSender(topic.Name);
            foreach (var eventType in eventTypes)
            {
                await sender.SendMessageAsync(new ServiceBusMessage("{}") { Subject = eventType, MessageId = eventType, SessionId = ProbeSession }, cancellationToken);
            }

            foreach (var subscription in topic.Subscriptions)
            {
                await using var receiver = subscription.Properties.RequiresSession
                    ? await client.AcceptSessionAsync(topic.Name, subscription.Name, ProbeSession, cancellationToken: cancellationToken)
                    : client.CreateReceiver(topic.Name, subscription.Name);
                var peeked = await receiver.PeekMessagesAsync(eventTypes.Count + 1, cancellationToken: cancellationToken);
                routing[(topic.Name, subscription.Name)] = peeked.Select(m => m.Subject).Order(StringComparer.Ordinal).ToList();
            }
        }

        return routing;
    }
}
