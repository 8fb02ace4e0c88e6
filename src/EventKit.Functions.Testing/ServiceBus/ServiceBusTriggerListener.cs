using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Invocation;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// One Service Bus receiver per <c>[ServiceBusTrigger]</c> function. Each trigger's
/// <see cref="ServiceBusTriggerSpecification"/> is read from its attribute, <see cref="ServiceBusReceiveLoops"/> starts
/// the receiver it asks for, <see cref="ServiceBusParameterBinder"/> binds the function's parameters, and
/// <see cref="ServiceBusInvocation"/> runs it and settles as the Functions host does.
/// </summary>
internal sealed class ServiceBusTriggerListener : IAsyncDisposable
{
    private const string DefaultConnection = "AzureWebJobsServiceBus";

    private readonly IReadOnlyList<FunctionDescriptor> functions;
    private readonly IConfiguration configuration;
    private readonly HostJson hostJson;
    private readonly IServiceProvider services;
    private readonly Func<DurableTaskClient> durableClient;
    private readonly ILogger logger;
    private readonly Dictionary<string, ServiceBusClient> clients = new(StringComparer.Ordinal);
    private readonly List<Func<Task>> stops = [];
    private readonly CancellationTokenSource shutdown = new();
    private readonly ServiceBusReceiveLoops receiveLoops;

    public ServiceBusTriggerListener(IReadOnlyList<FunctionDescriptor> functions, IConfiguration configuration, HostJson hostJson, IServiceProvider services, Func<DurableTaskClient> durableClient, ILogger logger)
    {
        this.functions = functions.Where(static f => f.Trigger == TriggerKind.ServiceBus).ToList();
        this.configuration = configuration;
        this.hostJson = hostJson;
        this.services = services;
        this.durableClient = durableClient;
        this.logger = logger;
        receiveLoops = new ServiceBusReceiveLoops(hostJson, logger, shutdown.Token);
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
        var trigger = ServiceBusTriggerSpecification.Read(function, configuration, hostJson);
        var client = Client(function, trigger.ConnectionName);
        var invoker = new FunctionInvoker(function, services, durableClient, p => ServiceBusParameterBinder.For(function, p, trigger.IsBatched), logger);
        var concurrency = trigger.IsSessionsEnabled ? hostJson.MaxConcurrentSessions : trigger.IsBatched ? 1 : hostJson.MaxConcurrentCalls;
        Logs.ListeningServiceBus(logger, trigger.EntityPath, function.Name, concurrency, trigger.AutoComplete, trigger.IsSessionsEnabled, trigger.IsBatched);

        var invocation = new ServiceBusInvocation(invoker, trigger.AutoComplete, logger, shutdown.Token);
        stops.Add(await receiveLoops.StartAsync(client, trigger, invocation, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One client per connection string, shared by the triggers that use it, as the host shares connections.</summary>
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
}
