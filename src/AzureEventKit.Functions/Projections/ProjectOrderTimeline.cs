using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Projections;

/// <summary>Subscription <c>projections</c> (every order event) → the order read model.</summary>
public sealed class ProjectOrderTimeline(MessageSettlement settlement, OrderTimelineProjector projector)
{
    [Function(nameof(ProjectOrderTimeline))]
    public Task Run(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.ProjectionsSubscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(OrderTopic.ProjectionsSubscription, message, actions, projector.ProjectAsync, cancellationToken);
}
