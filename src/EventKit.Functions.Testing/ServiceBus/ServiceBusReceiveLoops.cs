using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// Starts the receiver a trigger asks for and returns how to stop it: a <see cref="ServiceBusProcessor"/>, a
/// <see cref="ServiceBusSessionProcessor"/> when <c>IsSessionsEnabled</c>, or a receive loop when <c>IsBatched</c>
/// (the SDK's processors deliver one message at a time). Concurrency, prefetch and lock renewal come from host.json;
/// the processors never auto-complete, because <see cref="ServiceBusInvocation"/> settles as the Functions host does.
/// </summary>
internal sealed class ServiceBusReceiveLoops(HostJson hostJson, ILogger logger, CancellationToken shutdown)
{
    public async Task<Func<Task>> StartAsync(ServiceBusClient client, ServiceBusTriggerSpecification trigger, ServiceBusInvocation invocation, CancellationToken cancellationToken)
    {
        if (trigger.IsBatched)
        {
            return StartBatchLoop(client, trigger, invocation);
        }

        return trigger.IsSessionsEnabled
            ? await StartSessionProcessorAsync(client, trigger, invocation, cancellationToken).ConfigureAwait(false)
            : await StartProcessorAsync(client, trigger, invocation, cancellationToken).ConfigureAwait(false);
    }

    private Func<Task> StartBatchLoop(ServiceBusClient client, ServiceBusTriggerSpecification trigger, ServiceBusInvocation invocation)
    {
        var options = new ServiceBusReceiverOptions { SubQueue = trigger.SubQueue, PrefetchCount = hostJson.PrefetchCount };
        var receiver = trigger.QueueName is { } queue
            ? client.CreateReceiver(queue, options)
            : client.CreateReceiver(trigger.TopicName, trigger.SubscriptionName, options);
        var loop = Task.Run(() => ReceiveBatchesAsync(receiver, trigger.EntityPath, invocation), CancellationToken.None);
        return async () =>
        {
            await loop.ConfigureAwait(false);
            await receiver.DisposeAsync().ConfigureAwait(false);
        };
    }

    private async Task<Func<Task>> StartSessionProcessorAsync(ServiceBusClient client, ServiceBusTriggerSpecification trigger, ServiceBusInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new ServiceBusSessionProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentSessions = hostJson.MaxConcurrentSessions,
            MaxConcurrentCallsPerSession = 1,
            MaxAutoLockRenewalDuration = hostJson.MaxAutoLockRenewalDuration,
            PrefetchCount = hostJson.PrefetchCount,
        };
        var processor = trigger.QueueName is { } queue
            ? client.CreateSessionProcessor(queue, options)
            : client.CreateSessionProcessor(trigger.TopicName, trigger.SubscriptionName, options);
        processor.ProcessMessageAsync += args =>
        {
            var actions = new KitServiceBusMessageActions(new SessionProcessorSettlement(args));
            return invocation.HandleAsync([args.Message], actions, new KitServiceBusSessionMessageActions(args), args.CancellationToken);
        };
        processor.ProcessErrorAsync += args => OnError(trigger.EntityPath, args);
        await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        return async () =>
        {
            await processor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            await processor.DisposeAsync().ConfigureAwait(false);
        };
    }

    private async Task<Func<Task>> StartProcessorAsync(ServiceBusClient client, ServiceBusTriggerSpecification trigger, ServiceBusInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = hostJson.MaxConcurrentCalls,
            MaxAutoLockRenewalDuration = hostJson.MaxAutoLockRenewalDuration,
            PrefetchCount = hostJson.PrefetchCount,
            SubQueue = trigger.SubQueue,
        };
        var processor = trigger.QueueName is { } queue
            ? client.CreateProcessor(queue, options)
            : client.CreateProcessor(trigger.TopicName, trigger.SubscriptionName, options);
        processor.ProcessMessageAsync += args =>
        {
            var actions = new KitServiceBusMessageActions(new ProcessorSettlement(args));
            return invocation.HandleAsync([args.Message], actions, null, args.CancellationToken);
        };
        processor.ProcessErrorAsync += args => OnError(trigger.EntityPath, args);
        await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        return async () =>
        {
            await processor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            await processor.DisposeAsync().ConfigureAwait(false);
        };
    }

    private async Task ReceiveBatchesAsync(ServiceBusReceiver receiver, string entity, ServiceBusInvocation invocation)
    {
        var actions = new KitServiceBusMessageActions(new ReceiverSettlement(receiver));
        while (!shutdown.IsCancellationRequested)
        {
            try
            {
                var messages = await receiver.ReceiveMessagesAsync(hostJson.MaxMessageBatchSize, TimeSpan.FromSeconds(1), shutdown).ConfigureAwait(false);
                if (messages.Count > 0)
                {
                    await invocation.HandleAsync(messages, actions, null, shutdown).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is ServiceBusException or ObjectDisposedException)
            {
                // A broken connection is retried after a pause rather than in a tight loop, as the processors do.
                Logs.ServiceBusError(logger, entity, "Receive", exception);
                await Task.Delay(TimeSpan.FromSeconds(1), shutdown).ConfigureAwait(false);
            }
        }
    }

    private Task OnError(string entity, ProcessErrorEventArgs args)
    {
        // Cancellation while the host stops is the normal way a processor ends, not an error.
        if (!(args.Exception is OperationCanceledException or TaskCanceledException && shutdown.IsCancellationRequested))
        {
            Logs.ServiceBusError(logger, entity, args.ErrorSource.ToString(), args.Exception);
        }

        return Task.CompletedTask;
    }
}
