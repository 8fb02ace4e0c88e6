using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Notifications;

/// <summary>Subscription <c>notifications</c> (OrderPlaced for the recipient; OrderCompleted, OrderFailed) → one customer notification per outcome.</summary>
public sealed class NotifyCustomer(MessageSettlement settlement, CustomerNotifier notifier)
{
    [Function(nameof(NotifyCustomer))]
    public Task Run(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.NotificationsSubscription, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        settlement.ProcessAsync(OrderTopic.NotificationsSubscription, message, actions, notifier.NotifyAsync, cancellationToken);
}
