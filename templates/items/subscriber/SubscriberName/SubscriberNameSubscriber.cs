using Azure.Messaging.ServiceBus;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// Subscription <c>topic-name/subscriber-name</c>: its correlation filter (Label = <see cref="EventTypeName.EventType"/>, in
/// infra/servicebus.topology.json) delivers EventTypeName events only. Settlement is the app's shared
/// <see cref="MessageSettlement"/> policy; the work is the injected <see cref="SubscriberNameHandler"/>
/// (registered by <see cref="SubscriberNameServiceCollectionExtensions.AddSubscriberName"/>).
#if (sessions)
/// The subscription requires sessions and the app's publisher sets SessionId to the order id, so one order's events
/// arrive in the order they were published, one at a time; different orders run in parallel, up to host.json's
/// <c>extensions.serviceBus.maxConcurrentSessions</c>.
#endif
/// </summary>
public sealed class SubscriberNameSubscriber(MessageSettlement settlement, SubscriberNameHandler handler)
{
    public const string Topic = "topic-name";

    public const string Subscription = "subscriber-name";

    [Function(nameof(SubscriberNameSubscriber))]
    public Task Run(
#if (sessions)
        [ServiceBusTrigger(Topic, Subscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false, IsSessionsEnabled = true)] ServiceBusReceivedMessage message,
#else
        [ServiceBusTrigger(Topic, Subscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
#endif
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(Subscription, message, actions, handler.HandleAsync, cancellationToken);
}
