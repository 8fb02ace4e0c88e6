using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>One recorder per subscription's dead-letter queue. Completing a message here only moves it into the table.</summary>
public sealed class RecordDeadLetters(DeadLetterRecorder recorder)
{
    [Function("RecordFulfillmentDeadLetter")]
    public Task Fulfillment(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.FulfillmentDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        RecordAsync(OrderTopic.FulfillmentSubscription, message, actions, cancellationToken);

    [Function("RecordProjectionsDeadLetter")]
    public Task Projections(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.ProjectionsDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        RecordAsync(OrderTopic.ProjectionsSubscription, message, actions, cancellationToken);

    [Function("RecordNotificationsDeadLetter")]
    public Task Notifications(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.NotificationsDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        RecordAsync(OrderTopic.NotificationsSubscription, message, actions, cancellationToken);

    private async Task RecordAsync(string subscription, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        try
        {
            await recorder.RecordAsync(subscription, message, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The dead-letter queue has no dead-letter queue: abandon and keep trying rather than lose the record,
            // and fail the invocation so the failure-rate alert sees it.
            await actions.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            throw;
        }

        await actions.CompleteMessageAsync(message, cancellationToken);
    }
}
