using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// One recorder per subscription's dead-letter queue; <see cref="DeadLetterRecorder.RecordAndCompleteAsync"/> does the
/// work. A subscription added with <c>dotnet new eventkit-subscriber</c> brings its own recorder next to its function.
/// </summary>
public sealed class RecordDeadLetters(DeadLetterRecorder recorder)
{
    [Function("RecordFulfillmentDeadLetter")]
    public Task Fulfillment(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.FulfillmentDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        recorder.RecordAndCompleteAsync(OrderTopic.FulfillmentSubscription, message, actions, cancellationToken);
#if (!minimal)

    [Function("RecordProjectionsDeadLetter")]
    public Task Projections(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.ProjectionsDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        recorder.RecordAndCompleteAsync(OrderTopic.ProjectionsSubscription, message, actions, cancellationToken);

    [Function("RecordNotificationsDeadLetter")]
    public Task Notifications(
        [ServiceBusTrigger(OrderTopic.Name, OrderTopic.NotificationsDeadLetters, Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        recorder.RecordAndCompleteAsync(OrderTopic.NotificationsSubscription, message, actions, cancellationToken);
#endif
}
