using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// One Service Bus receiver per <c>[ServiceBusTrigger]</c> function: a <see cref="ServiceBusProcessor"/>, a
/// <see cref="ServiceBusSessionProcessor"/> when <c>IsSessionsEnabled</c>, or a receive loop when <c>IsBatched</c>. Settlement
/// follows the Functions host: auto-complete after success unless the function settled the message, and abandon when an
/// exception escapes the function.
/// </summary>
internal sealed class ServiceBusTriggerListener : IAsyncDisposable
{
    private const string DefaultConnection = "AzureWebJobsServiceBus";
    private const string DeadLetterSuffix = "/$DeadLetterQueue";
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<FunctionDescriptor> functions;
    private readonly IConfiguration configuration;
    private readonly HostJson hostJson;
    private readonly IServiceProvider services;
    private readonly Func<DurableTaskClient> durableClient;
    private readonly ILogger logger;
    private readonly Dictionary<string, ServiceBusClient> clients = new(StringComparer.Ordinal);
    private readonly List<Func<Task>> stops = [];
    private readonly CancellationTokenSource shutdown = new();

    public ServiceBusTriggerListener(IReadOnlyList<FunctionDescriptor> functions, IConfiguration configuration, HostJson hostJson, IServiceProvider services, Func<DurableTaskClient> durableClient, ILogger logger)
    {
        this.functions = functions.Where(static f => f.Trigger == TriggerKind.ServiceBus).ToList();
        this.configuration = configuration;
        this.hostJson = hostJson;
        this.services = services;
        this.durableClient = durableClient;
        this.logger = logger;
    }

    public bool IsStarted { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsStarted)
        {
            return;
        }

        IsStarted = true;
        foreach (var function in functions)
        {
            await StartAsync(function, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(stops.Select(static stop => stop())).ConfigureAwait(false);
        foreach (var client in clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        shutdown.Dispose();
    }

    private async Task StartAsync(FunctionDescriptor function, CancellationToken cancellationToken)
    {
        var attribute = function.TriggerAttribute;
        var topic = Resolve(FunctionCatalog.Property<string>(attribute, "TopicName"));
        var subscription = Resolve(FunctionCatalog.Property<string>(attribute, "SubscriptionName"));
        var queue = Resolve(FunctionCatalog.Property<string>(attribute, "QueueName"));
        var sessions = FunctionCatalog.Property<bool>(attribute, "IsSessionsEnabled");
        var batched = FunctionCatalog.Property<bool>(attribute, "IsBatched");
        var autoComplete = ExplicitAutoComplete(function) ?? hostJson.AutoCompleteMessages;

        var subQueue = SubQueue.None;
        if (subscription?.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) == true)
        {
            subscription = subscription[..^DeadLetterSuffix.Length];
            subQueue = SubQueue.DeadLetter;
        }
        else if (queue?.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) == true)
        {
            queue = queue[..^DeadLetterSuffix.Length];
            subQueue = SubQueue.DeadLetter;
        }

        var entity = queue ?? $"{topic}/Subscriptions/{subscription}" + (subQueue == SubQueue.DeadLetter ? DeadLetterSuffix : string.Empty);
        var client = Client(function, FunctionCatalog.Property<string>(attribute, "Connection"));
        var invoker = new FunctionInvoker(function, services, durableClient, p => TriggerBinder(function, p, batched), logger);
        Logs.ListeningServiceBus(logger, entity, function.Name, sessions ? hostJson.MaxConcurrentSessions : batched ? 1 : hostJson.MaxConcurrentCalls, autoComplete, sessions, batched);

        if (batched)
        {
            var receiver = queue is not null
                ? client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = subQueue, PrefetchCount = hostJson.PrefetchCount })
                : client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { SubQueue = subQueue, PrefetchCount = hostJson.PrefetchCount });
            var loop = Task.Run(() => ReceiveBatchesAsync(receiver, invoker, entity, autoComplete, shutdown.Token), CancellationToken.None);
            stops.Add(async () =>
            {
                await loop.ConfigureAwait(false);
                await receiver.DisposeAsync().ConfigureAwait(false);
            });
            return;
        }

        if (sessions)
        {
            var options = new ServiceBusSessionProcessorOptions
            {
                AutoCompleteMessages = false,
                MaxConcurrentSessions = hostJson.MaxConcurrentSessions,
                MaxConcurrentCallsPerSession = 1,
                MaxAutoLockRenewalDuration = hostJson.MaxAutoLockRenewalDuration,
                PrefetchCount = hostJson.PrefetchCount,
            };
            var processor = queue is not null ? client.CreateSessionProcessor(queue, options) : client.CreateSessionProcessor(topic, subscription, options);
            processor.ProcessMessageAsync += args =>
            {
                var actions = new KitServiceBusMessageActions(new SessionProcessorSettlement(args));
                return HandleAsync(invoker, [args.Message], actions, new KitServiceBusSessionMessageActions(args), autoComplete, args.CancellationToken);
            };
            processor.ProcessErrorAsync += args => OnError(entity, args);
            await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
            stops.Add(async () =>
            {
                await processor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
                await processor.DisposeAsync().ConfigureAwait(false);
            });
            return;
        }

        var processorOptions = new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = hostJson.MaxConcurrentCalls,
            MaxAutoLockRenewalDuration = hostJson.MaxAutoLockRenewalDuration,
            PrefetchCount = hostJson.PrefetchCount,
            SubQueue = subQueue,
        };
        var messageProcessor = queue is not null ? client.CreateProcessor(queue, processorOptions) : client.CreateProcessor(topic, subscription, processorOptions);
        messageProcessor.ProcessMessageAsync += args =>
        {
            var actions = new KitServiceBusMessageActions(new ProcessorSettlement(args));
            return HandleAsync(invoker, [args.Message], actions, null, autoComplete, args.CancellationToken);
        };
        messageProcessor.ProcessErrorAsync += args => OnError(entity, args);
        await messageProcessor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        stops.Add(async () =>
        {
            await messageProcessor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            await messageProcessor.DisposeAsync().ConfigureAwait(false);
        });
    }

    private async Task ReceiveBatchesAsync(ServiceBusReceiver receiver, FunctionInvoker invoker, string entity, bool autoComplete, CancellationToken cancellationToken)
    {
        var actions = new KitServiceBusMessageActions(new ReceiverSettlement(receiver));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var messages = await receiver.ReceiveMessagesAsync(hostJson.MaxMessageBatchSize, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                if (messages.Count > 0)
                {
                    await HandleAsync(invoker, messages, actions, null, autoComplete, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is ServiceBusException or ObjectDisposedException)
            {
                Logs.ServiceBusError(logger, entity, "Receive", exception);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(
        FunctionInvoker invoker,
        IReadOnlyList<ServiceBusReceivedMessage> messages,
        KitServiceBusMessageActions actions,
        KitServiceBusSessionMessageActions? sessionActions,
        bool autoComplete,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
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

    private Task OnError(string entity, ProcessErrorEventArgs args)
    {
        if (!(args.Exception is OperationCanceledException or TaskCanceledException && shutdown.IsCancellationRequested))
        {
            Logs.ServiceBusError(logger, entity, args.ErrorSource.ToString(), args.Exception);
        }

        return Task.CompletedTask;
    }

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

    private static bool? ExplicitAutoComplete(FunctionDescriptor function)
    {
        // The attribute's getter defaults to true, so "not set" (host.json decides) is read from the attribute's metadata.
        var data = function.TriggerParameter.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType == function.TriggerAttribute.GetType());
        var argument = data?.NamedArguments.FirstOrDefault(static a => a.MemberName == "AutoCompleteMessages");
        return argument is { MemberInfo: not null } named ? (bool)named.TypedValue.Value! : null;
    }

    private ServiceBusClient Client(FunctionDescriptor function, string? connectionName)
    {
        var name = string.IsNullOrEmpty(connectionName) ? DefaultConnection : connectionName;
        var connectionString = configuration[name] ?? configuration.GetConnectionString(name);
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException(
                $"Function '{function.Name}' reads the Service Bus connection '{name}', but no setting of that name holds a connection string. " +
                $"Set Settings[\"{name}\"] to the emulator's connection string (identity-based connections are not supported by the in-process host).");
        }

        if (!clients.TryGetValue(connectionString, out var client))
        {
            client = new ServiceBusClient(connectionString, new ServiceBusClientOptions { Identifier = $"eventkit-host-{name}" });
            clients[connectionString] = client;
        }

        return client;
    }

    private string? Resolve(string? value)
    {
        // %name% expressions are app settings, as in the real host.
        if (value is { Length: > 2 } && value[0] == '%' && value[^1] == '%')
        {
            return configuration[value[1..^1]] ?? throw new InvalidOperationException($"The app setting '{value[1..^1]}' is not set.");
        }

        return value;
    }

    private static ParameterBinder? TriggerBinder(FunctionDescriptor function, ParameterInfo parameter, bool batched)
    {
        var type = parameter.ParameterType;
        if (parameter == function.TriggerParameter)
        {
            if (batched)
            {
                var element = type.IsArray ? type.GetElementType()! : throw new NotSupportedException($"Function '{function.Name}': a batched trigger binds an array.");
                var convert = BodyConverter(element);
                return state =>
                {
                    var messages = ((ServiceBusDelivery)state.Trigger!).Messages;
                    var array = Array.CreateInstance(element, messages.Count);
                    for (var i = 0; i < messages.Count; i++)
                    {
                        array.SetValue(convert(messages[i]), i);
                    }

                    return ValueTask.FromResult<object?>(array);
                };
            }

            var single = BodyConverter(type);
            return state => ValueTask.FromResult(single(((ServiceBusDelivery)state.Trigger!).Messages[0]));
        }

        if (type == typeof(ServiceBusMessageActions))
        {
            return static state => ValueTask.FromResult<object?>(((ServiceBusDelivery)state.Trigger!).Actions);
        }

        if (type == typeof(ServiceBusSessionMessageActions))
        {
            return static state => ValueTask.FromResult<object?>(((ServiceBusDelivery)state.Trigger!).SessionActions
                ?? throw new InvalidOperationException("ServiceBusSessionMessageActions is bound only when IsSessionsEnabled is true."));
        }

        // Trigger metadata, bound by parameter name as in the real host.
        Func<ServiceBusReceivedMessage, object?>? metadata = parameter.Name?.ToUpperInvariant() switch
        {
            "MESSAGEID" => static m => m.MessageId,
            "CORRELATIONID" => static m => m.CorrelationId,
            "DELIVERYCOUNT" => static m => m.DeliveryCount,
            "SESSIONID" => static m => m.SessionId,
            "CONTENTTYPE" => static m => m.ContentType,
            "SUBJECT" or "LABEL" => static m => m.Subject,
            "LOCKTOKEN" => static m => m.LockToken,
            "SEQUENCENUMBER" => static m => m.SequenceNumber,
            "ENQUEUEDTIMEUTC" => static m => m.EnqueuedTime.UtcDateTime,
            "APPLICATIONPROPERTIES" or "USERPROPERTIES" => static m => m.ApplicationProperties,
            _ => null,
        };
        return metadata is null ? null : state => ValueTask.FromResult(metadata(((ServiceBusDelivery)state.Trigger!).Messages[0]));
    }

    private static Func<ServiceBusReceivedMessage, object?> BodyConverter(Type type)
    {
        if (type == typeof(ServiceBusReceivedMessage))
        {
            return static m => m;
        }

        if (type == typeof(string))
        {
            return static m => m.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return static m => m.Body;
        }

        if (type == typeof(byte[]))
        {
            return static m => m.Body.ToArray();
        }

        return m => JsonSerializer.Deserialize(m.Body.ToMemory().Span, type, BodyOptions);
    }
}
