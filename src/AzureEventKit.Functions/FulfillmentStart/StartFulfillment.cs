using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.Functions.FulfillmentStart;

/// <summary>Subscription <c>fulfillment</c> (OrderPlaced only) → start the saga.</summary>
public sealed class StartFulfillment(MessageSettlement settlement, FulfillmentStarter starter)
{
    [Function(nameof(StartFulfillment))]
    public Task Run(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.FulfillmentSubscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(OrderTopic.FulfillmentSubscription, message, actions, (received, token) => starter.StartAsync(received, durable, token), cancellationToken);
}
