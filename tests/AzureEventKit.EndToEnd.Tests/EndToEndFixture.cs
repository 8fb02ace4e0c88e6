using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions;
using AzureEventKit.Functions.Observability;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Azurite;
using EventKit.ServiceBus.Emulator;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>The end-to-end tests share one stack; they run one after another (the stack is one app).</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}

/// <summary>The load test gets its own stack, so its backlog never delays the other tests.</summary>
[CollectionDefinition(Name)]
public sealed class LoadGroup : ICollectionFixture<LoadFixture>
{
    public const string Name = "Load";
}

/// <summary>A second, identical stack for the load test.</summary>
public sealed class LoadFixture : EndToEndFixture;

/// <summary>
/// One fixture owns the real local parts for every end-to-end test: a real Azurite, the Service Bus emulator with the
/// repository's topology, and the app's own functions in the in-process host, registered by the app's AddOrderWorkflow.
/// Tests talk to it through HTTP and Service Bus only; they read tables, emulator counts and spans to observe.
/// </summary>
public class EndToEndFixture : IAsyncLifetime
{
    /// <summary>SKUs seeded for the tests, so each test owns its stock.</summary>
    public const string HappySku = "E2E-HAPPY";
    public const string TimeoutSku = "E2E-TIMEOUT";
    public const string ScarceSku = "E2E-SCARCE";
    public const int ScarceStock = 40;
    public const string SmallScarceSku = "E2E-SCARCE-SMALL";
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(10);

    public AzuriteServer Azurite { get; private set; } = null!;

    public ServiceBusEmulator Emulator { get; private set; } = null!;

    public FunctionsTestHost Host { get; private set; } = null!;

    public ServiceBusClient ServiceBus { get; private set; } = null!;

    public TableServiceClient Tables { get; private set; } = null!;

    /// <summary>Every span any part of the app, the kit or Durable ended (OpenTelemetry in-memory exporter).</summary>
    public SpanCollection Spans { get; } = new();

    /// <summary>Every log entry, with its scope values, so tests can check that a step's logs carry the order id.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The test-registered decorator that makes one subscriber fail transiently (see <see cref="FlakyFailures"/>).</summary>
    public FlakyFailures Flaky { get; } = new();
#if (!minimal)

    /// <summary>The test-registered payment provider spy and Service Bus refusal (see <see cref="MoneyEdge"/>).</summary>
    public MoneyEdge Money { get; } = new();
#endif

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        Emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions
        {
            Port = 0,
            InspectionPort = -1,
            Topology = WithTap(EmulatorTopology.Load(Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json"))),
        });
        Host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(OrderWorkflowServiceCollectionExtensions).Assembly,

            // The file infra deploys from: a trigger on an entity it lacks fails here, as it would fail in Azure.
            ServiceBusTopologyPath = Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json"),
            ConfigureServices = (services, configuration) =>
            {
                services.AddOrderWorkflow(configuration);

                // TEST-ONLY, registered after the app's own registrations: tracing into memory, and the flaky decorator.
                services.AddOpenTelemetry().WithTracing(tracing => tracing
                    .AddSource(OrderWorkflowTelemetry.SourceName, FunctionsTestHost.ActivitySourceName, "Microsoft.DurableTask", "Microsoft.DurableTask.*")
                    .AddAspNetCoreInstrumentation()
                    .SetSampler(new AlwaysOnSampler())
                    .AddInMemoryExporter(Spans));
                FlakyFailures.Register(services, Flaky, Azurite.ConnectionString);
#if (!minimal)
                MoneyEdge.Register(services, Money);
#endif
            },
            ConfigureLogging = logging =>
            {
                logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Information);

                // Set EVENTKIT_TEST_LOGS=1 to see the app's and the host's log while debugging an end-to-end test.
                if (Environment.GetEnvironmentVariable("EVENTKIT_TEST_LOGS") == "1")
                {
                    logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Azure", LogLevel.Warning);
                }
            },
            Settings =
            {
                ["AzureWebJobsStorage"] = Azurite.ConnectionString,
                ["Tables"] = Azurite.ConnectionString,
                ["ServiceBus"] = Emulator.ConnectionString,
                ["AzureWebJobsServiceBus"] = Emulator.ConnectionString,
                ["Fulfillment:PaymentConfirmationTimeout"] = PaymentTimeout.ToString("c"),
                [$"Inventory:SeedStock:{HappySku}"] = "1000",
                [$"Inventory:SeedStock:{TimeoutSku}"] = "5",
                [$"Inventory:SeedStock:{ScarceSku}"] = ScarceStock.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [$"Inventory:SeedStock:{SmallScarceSku}"] = "15",
            },
        });
        ServiceBus = new ServiceBusClient(Emulator.ConnectionString);
        Tables = new TableServiceClient(Azurite.ConnectionString);
        tap = ServiceBus.CreateReceiver("orders", TapSubscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        tapLoop = Task.Run(() => ReadTapAsync(tapStop.Token));
    }

    /// <summary>
    /// TEST-ONLY subscription added to the loaded topology (not to the file): it receives every event on the topic, so tests
    /// can see exactly what the app published, and re-send it.
    /// </summary>
    public const string TapSubscription = "e2e-tap";

    private readonly CancellationTokenSource tapStop = new();
    private ServiceBusReceiver? tap;
    private Task? tapLoop;

    /// <summary>Every message published to the <c>orders</c> topic, in arrival order.</summary>
    public ConcurrentQueue<ServiceBusReceivedMessage> Published { get; } = new();

    private static EmulatorTopology WithTap(EmulatorTopology topology) =>
        EmulatorTopology.Create(
            topology.Queues,
            topology.Topics.Select(t => t.Name != "orders" ? t : t with
            {
                Subscriptions = [.. t.Subscriptions, new SubscriptionDefinition(TapSubscription, new EntityProperties { MaxDeliveryCount = 1 }, [])],
            }));

    private async Task ReadTapAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var message in await tap!.ReceiveMessagesAsync(100, TimeSpan.FromMilliseconds(500), cancellationToken))
                {
                    Published.Enqueue(message);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ServiceBusException)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await tapStop.CancelAsync();
        if (tapLoop is not null)
        {
            await tapLoop;
        }

        if (tap is not null)
        {
            await tap.DisposeAsync();
        }

        tapStop.Dispose();
        if (ServiceBus is not null)
        {
            await ServiceBus.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }

    public OrdersApi CreateApi() => new(Host.CreateHttpClient());

    /// <summary>The orchestration instances whose id is exactly <paramref name="orderId"/> (the starter's instance id).</summary>
    public async Task<List<OrchestrationMetadata>> InstancesAsync(string orderId, CancellationToken cancellationToken)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in Host.DurableClient.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = orderId }).WithCancellation(cancellationToken))
        {
            if (instance.InstanceId == orderId)
            {
                instances.Add(instance);
            }
        }

        return instances;
    }
}
