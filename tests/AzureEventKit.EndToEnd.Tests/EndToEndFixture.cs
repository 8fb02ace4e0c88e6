using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions;
using AzureEventKit.Functions.Observability;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Azurite;
using EventKit.Functions.Testing.Local;
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
    public const string HoardSku = "E2E-HOARD";
    public const int HoardStock = 12;

    /// <summary>The SKU the minimal sample's tests order (its workflow reserves no stock, but placement still prices it).</summary>
    public const string MinimalSku = "SKU-1";

    /// <summary>The catalogue price of every test SKU except <see cref="HappySku"/>, in EUR.</summary>
    public const decimal UnitPrice = 10m;

    /// <summary>The happy path's price: different from every other, so a test can tell the server's price from any default.</summary>
    public const decimal HappyPrice = 12.5m;

    /// <summary>The hoarding limits these tests run with (the app's defaults are higher).</summary>
    public const int OpenOrdersPerCustomer = 2;
    public const int MaxQuantityPerLine = 5;

    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The one demo catalogue of these tests: every SKU with its price and its stock. Each feature gets its own settings
    /// from it (Catalog:Seed for prices, Inventory:SeedStock for units), as the local run command does.
    /// </summary>
    public static readonly IReadOnlyList<(string Sku, decimal UnitPrice, int Stock)> Catalogue =
    [
        (HappySku, HappyPrice, 1000),
        (TimeoutSku, UnitPrice, 5),
        (ScarceSku, UnitPrice, ScarceStock),
        (SmallScarceSku, UnitPrice, 15),
        (HoardSku, UnitPrice, HoardStock),
        (MinimalSku, UnitPrice, 1000),
    ];

    /// <summary>The app settings that seed <paramref name="catalogue"/>: a price per SKU in EUR, and its stock.</summary>
    public static Dictionary<string, string?> CatalogueSettings(IEnumerable<(string Sku, decimal UnitPrice, int Stock)> catalogue)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (sku, price, stock) in catalogue)
        {
            settings[$"Catalog:Seed:{sku}:Name"] = "Test " + sku;
            settings[$"Catalog:Seed:{sku}:Prices:EUR"] = price.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Inventory:SeedStock:{sku}"] = stock.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>Azurite, the emulator and the app's host, started as the run command starts them.</summary>
    public LocalApp Stack { get; private set; } = null!;

    public AzuriteServer Azurite => Stack.Azurite;

    public ServiceBusEmulator Emulator => Stack.ServiceBus;

    public FunctionsTestHost Host => Stack.Host;

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

    /// <summary>The test-registered publisher decorator that refuses OrderPlaced for chosen customers (see <see cref="FailingPublishes"/>).</summary>
    public FailingPublishes Publishing { get; } = new();

    /// <summary>TEST-ONLY telemetry added after the app's registrations; by default, spans into <see cref="Spans"/>.</summary>
    protected virtual void AddTestTelemetry(IServiceCollection services) =>
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(Spans));

    /// <summary>App settings a derived fixture adds to the stack's own.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public virtual async ValueTask InitializeAsync()
    {
        Stack = await LocalApp.StartAsync(new LocalAppOptions
        {
            // The file infra deploys from: a trigger on an entity it lacks fails here, as it would fail in Azure.
            ServiceBusTopologyPath = Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json"),
            AdjustTopology = WithTap,
            StorageConnectionSettings = ["AzureWebJobsStorage", "Tables"],
            ServiceBusConnectionSettings = ["ServiceBus", "AzureWebJobsServiceBus"],
            Host = HostOptions,
        });
        ServiceBus = new ServiceBusClient(Emulator.ConnectionString);
        Tables = new TableServiceClient(Azurite.ConnectionString);
        tap = ServiceBus.CreateReceiver("orders", TapSubscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        tapLoop = Task.Run(() => ReadTapAsync(tapStop.Token));
    }

    /// <summary>The app as the tests run it: its own registrations, then the test-only decorators and settings.</summary>
    private FunctionsTestHostOptions HostOptions(LocalParts parts)
    {
        var hostOptions = new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(OrderWorkflowServiceCollectionExtensions).Assembly,
            ConfigureServices = (services, configuration) =>
            {
                services.AddOrderWorkflow(configuration);

                // TEST-ONLY, registered after the app's own registrations: telemetry (by default into memory: the app's
                // sources, plus the host's HTTP and invocation spans, which the kit adds itself), and the flaky decorator.
                AddTestTelemetry(services);
                FlakyFailures.Register(services, Flaky, parts.Azurite.ConnectionString);
#if (!minimal)
                MoneyEdge.Register(services, Money);
#endif
                FailingPublishes.Register(services, Publishing);
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
                ["Fulfillment:PaymentConfirmationTimeout"] = PaymentTimeout.ToString("c"),
                ["PaymentWebhook:SigningSecret"] = OrdersApi.WebhookSecret,
                ["Orders:Limits:MaxOpenOrdersPerCustomer"] = OpenOrdersPerCustomer.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orders:Limits:MaxQuantityPerLine"] = MaxQuantityPerLine.ToString(System.Globalization.CultureInfo.InvariantCulture),

                // The outbox sweeper republishes any order still unannounced when a test runs it, and transient
                // failures back off briefly, so tests that rely on a quick redelivery stay fast.
                ["Orders:Outbox:RepublishAfter"] = "00:00:00",
                ["Messaging:TransientBackoff:FirstDelay"] = "00:00:00.100",
                ["Messaging:TransientBackoff:MaxDelay"] = "00:00:00.500",
#if (!minimal)

                // Saga activities retry as in production (5 attempts, each wait twice the last) with shorter waits, so
                // a test that exhausts the retries on purpose (an order needing attention) takes seconds, not half a minute.
                ["Fulfillment:ActivityRetry:FirstRetryInterval"] = "00:00:00.250",
                ["Fulfillment:ActivityRetry:MaxRetryInterval"] = "00:00:02",
#endif
            },
        };
        foreach (var (key, value) in CatalogueSettings(Catalogue).Concat(ExtraSettings))
        {
            hostOptions.Settings[key] = value;
        }

        return hostOptions;
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

    /// <summary>
    /// Waits until every delivery to the app's subscriptions is settled: none waiting, none being processed, no dead
    /// letter left unrecorded. The app settles a message only after its function ran, so the effects of everything
    /// sent so far have landed. An "exactly once" assertion waits for this rather than sleeping, which a late duplicate
    /// would outlast.
    /// </summary>
    public Task WaitUntilDeliveriesSettledAsync(TimeSpan timeout) =>
        Eventually.TrueAsync(
            () => Emulator.GetAllCounts()
                .Where(c => c.Kind == EntityKind.Subscription && !c.Path.EndsWith("/" + TapSubscription, StringComparison.OrdinalIgnoreCase))
                .All(c => c.Active == 0 && c.DeadLetter == 0),
            timeout,
            "every delivery to the app's subscriptions settled");

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

    public virtual async ValueTask DisposeAsync()
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

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }

    public OrdersApi CreateApi() => new(Host, Tables);

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
