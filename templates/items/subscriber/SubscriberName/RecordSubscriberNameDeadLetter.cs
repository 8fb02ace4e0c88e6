using Azure.Messaging.ServiceBus;
using FunctionsNamespace.DeadLetters;
using FunctionsNamespace.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsNamespace.SubscriberName;

/// <summary>
/// The dead-letter queue of <c>topic-name/subscriber-name</c> → the DeadLetters table, where
/// <c>GET /api/dead-letters</c> lists each message with its reason and <c>POST /api/dead-letters/{id}/replay</c> sends it again.
/// </summary>
public sealed class RecordSubscriberNameDeadLetter(DeadLetterRecorder recorder)
{
    [Function(nameof(RecordSubscriberNameDeadLetter))]
    public Task Run(
        [ServiceBusTrigger(SubscriberNameSubscriber.Topic, SubscriberNameSubscriber.Subscription + "/$DeadLetterQueue", Connection = OrderTopic.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        recorder.RecordAndCompleteAsync(SubscriberNameSubscriber.Subscription, message, actions, cancellationToken);
}
