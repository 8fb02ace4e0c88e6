using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// Subscription <c>topic-name/subscriber-name</c>: its correlation filter (Label = <see cref="EventTypeName.EventType"/>, in
/// infra/servicebus.topology.json) delivers EventTypeName events only. Settlement is the app's shared
/// <see cref="MessageSettlement"/> policy; the work is <see cref="SubscriberNameHandler"/>.
/// </summary>
public sealed class SubscriberNameSubscriber(
    MessageSettlement settlement,
    TableServiceClient tables,
    TimeProvider timeProvider,
    ILogger<SubscriberNameHandler> logger)
{
    public const string Topic = "topic-name";

    public const string Subscription = "subscriber-name";

    private readonly SubscriberNameHandler handler = new(tables, timeProvider, logger);

    [Function(nameof(SubscriberNameSubscriber))]
    public Task Run(
        [ServiceBusTrigger(Topic, Subscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(Subscription, message, actions, handler.HandleAsync, cancellationToken);
}
