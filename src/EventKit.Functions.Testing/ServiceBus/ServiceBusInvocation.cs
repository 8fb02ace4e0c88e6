using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Invocation;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// Runs a Service Bus function for one delivery and settles what the function left unsettled, as the Functions host
/// does: complete after success when auto-complete is on, abandon when an exception escapes the function. A delivery
/// that arrives once the host is stopping is not run and not settled (see <see cref="HandleAsync"/>).
/// </summary>
internal sealed class ServiceBusInvocation(FunctionInvoker invoker, bool autoComplete, ILogger logger, CancellationToken shutdown)
{
    public async Task HandleAsync(
        IReadOnlyList<ServiceBusReceivedMessage> messages,
        KitServiceBusMessageActions actions,
        KitServiceBusSessionMessageActions? sessionActions,
        CancellationToken cancellationToken)
    {
        if (shutdown.IsCancellationRequested)
        {
            // The receivers stop only after the in-flight invocations end, and meanwhile they still take what those
            // invocations abandoned. Running it with the cancelled token would fail and abandon it again, a delivery
            // each millisecond, until MaxDeliveryCount dead-letters a good message. Left locked, it comes back to the
            // next host when the lock expires, as work a crashed host had taken does in Azure.
            foreach (var message in messages)
            {
                Logs.NotRunWhileStopping(logger, invoker.Descriptor.Name, message.MessageId);
            }

            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown);
        var state = new InvocationState(new ServiceBusDelivery(messages, actions, sessionActions), linked.Token)
        {
            SpanKind = ActivityKind.Consumer,
            ParentContext = messages.Count == 1 ? TraceParent(messages[0]) : null,
        };
        var first = messages[0];
        state.BindingData["MessageId"] = first.MessageId;
        state.BindingData["CorrelationId"] = first.CorrelationId;
        state.BindingData["DeliveryCount"] = first.DeliveryCount;
        state.BindingData["Subject"] = first.Subject;
        state.BindingData["ApplicationProperties"] = first.ApplicationProperties;

        bool succeeded;
        try
        {
            await invoker.InvokeAsync(state).ConfigureAwait(false);
            succeeded = true;
        }
        catch (Exception)
        {
            // The invoker logged it. As in the Functions host, the failure is not swallowed: the message is abandoned,
            // so redelivery and MaxDeliveryCount take over.
            succeeded = false;
        }

        foreach (var message in messages)
        {
            if (actions.IsSettled(message) || (succeeded && !autoComplete))
            {
                continue;
            }

            try
            {
                if (succeeded)
                {
                    await actions.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await actions.AbandonMessageAsync(message, null, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is ServiceBusException or InvalidOperationException or ObjectDisposedException)
            {
                Logs.SettlementFailed(logger, succeeded ? "complete" : "abandon", message.MessageId, invoker.Descriptor.Name, exception);
            }
        }
    }

    /// <summary>The sender's trace context, so that the function's span continues the sender's trace.</summary>
    private static ActivityContext? TraceParent(ServiceBusReceivedMessage message)
    {
        foreach (var key in new[] { "traceparent", "Diagnostic-Id" })
        {
            if (message.ApplicationProperties.TryGetValue(key, out var value) && value is string text
                && ActivityContext.TryParse(text, null, isRemote: true, out var parent))
            {
                return parent;
            }
        }

        return null;
    }
}
