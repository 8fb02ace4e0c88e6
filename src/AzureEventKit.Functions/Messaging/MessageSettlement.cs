using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Observability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// The one settlement policy every subscriber uses (triggers run with AutoCompleteMessages = false):
/// success → complete; <see cref="PermanentMessageException"/> → dead-letter at once with its reason;
/// anything else is transient → wait (<see cref="TransientBackoff"/>, growing with the delivery count, within the lock),
/// then abandon, so redelivery and MaxDeliveryCount decide and a dependency outage of minutes dead-letters nothing, and then rethrow, so the
/// invocation counts as failed in Functions metrics and the failure-rate alert sees it (hosts skip settling a
/// message that is already settled). It also continues the producer's trace and puts the order id on every log line.
/// </summary>
public sealed class MessageSettlement(ILogger<MessageSettlement> logger, OrderWorkflowTelemetry telemetry, TransientBackoff backoff)
{
    public async Task ProcessAsync(
        string subscription,
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        Func<ReceivedOrderEvent, CancellationToken, Task> handle,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(handle);

        using var activity = StartConsumerActivity(subscription, message);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["OrderId"] = message.CorrelationId,
            ["MessageId"] = message.MessageId,
            ["Subscription"] = subscription,
        });

        try
        {
            var orderEvent = CloudEventMessageMapper.FromMessage(message);
            await handle(orderEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (PermanentMessageException exception)
        {
            Logs.DeadLettering(logger, message.MessageId, subscription, exception.Reason, exception.Message);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Reason.ToString());
            await actions.DeadLetterMessageAsync(
                message,
                deadLetterReason: exception.Reason.ToString(),
                deadLetterErrorDescription: exception.Message,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            telemetry.DeadLetters.Add(1, new("subscription", subscription), new("reason", exception.Reason.ToString()));
            return;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Transient by default: an unknown failure deserves another delivery, and MaxDeliveryCount bounds the cost.
            // Waiting first spreads the deliveries over minutes, so a short outage of a dependency does not use them all up.
            Logs.Abandoning(logger, exception, message.MessageId, subscription, message.DeliveryCount, backoff.DelayFor(message.DeliveryCount));
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            await backoff.WaitBeforeAbandonAsync(message.DeliveryCount, cancellationToken).ConfigureAwait(false);
            await actions.AbandonMessageAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await actions.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static Activity? StartConsumerActivity(string subscription, ServiceBusReceivedMessage message)
    {
        ActivityContext.TryParse(
            message.ApplicationProperties.TryGetValue(CloudEventMessageMapper.TraceParentProperty, out var parent) ? parent as string : null,
            message.ApplicationProperties.TryGetValue(CloudEventMessageMapper.TraceStateProperty, out var state) ? state as string : null,
            out var parentContext);
        var activity = OrderWorkflowTelemetry.ActivitySource.StartActivity($"process {message.Subject} ({subscription})", ActivityKind.Consumer, parentContext);
        activity?.SetTag("messaging.system", "servicebus");
        activity?.SetTag("messaging.destination.subscription.name", subscription);
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("order.id", message.CorrelationId);
        return activity;
    }
}
