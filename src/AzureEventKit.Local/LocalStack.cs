using System.Net;
using System.Net.Sockets;
using AzureEventKit.Functions;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Azurite;
using EventKit.Functions.Testing.Local;
using EventKit.ServiceBus.Emulator;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Local;

/// <summary>
/// The Aspire Dashboard (unless --no-dashboard), Azurite, the Service Bus emulator (with infra/servicebus.topology.json)
/// and the app's functions, started in that order on the well-known local ports when they are free (18888, 10000-10002,
/// 5672, 7071), and stopped in reverse order. The app, the host and the emulator send their telemetry to the dashboard.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private static readonly int[] WellKnownStoragePorts = [10000, 10001, 10002];

    private readonly LocalApp parts;

    private LocalStack(LocalApp parts, LiveLog log, LocalDashboard dashboard)
    {
        this.parts = parts;
        Dashboard = dashboard;
        Log = log;
    }

    /// <summary>The trace viewer, or why there is none.</summary>
    public LocalDashboard Dashboard { get; }

    public AzuriteServer Azurite => parts.Azurite;

    public ServiceBusEmulator Emulator => parts.ServiceBus;

    /// <summary>The running functions host; a new one after <see cref="CrashAndRestartHostAsync"/>.</summary>
    public FunctionsTestHost Host => parts.Host;

    public LiveLog Log { get; }

    /// <summary>How long Azurite, the emulator and the functions took to start.</summary>
    public LocalAppTimings Timings => parts.Timings;

    /// <summary>What the run command was asked for.</summary>
    public LocalOptions Options { get; private init; } = null!;

    /// <summary>The app settings the functions run with: connections to the local parts, then the user's overrides.</summary>
    public static Dictionary<string, string?> AppSettings(AzuriteServer azurite, ServiceBusEmulator emulator, IReadOnlyDictionary<string, string> overrides, Uri? otlpEndpoint = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Tables"] = azurite.ConnectionString,
            ["ServiceBus"] = emulator.ConnectionString,
            ["AzureWebJobsServiceBus"] = emulator.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["PaymentWebhook:SigningSecret"] = LocalPaymentProvider.LocalSigningSecret,
        };
        foreach (var (sku, name, price, units) in ExampleValues.Catalogue)
        {
            settings[$"Catalog:Seed:{sku}:Name"] = name;
            settings[$"Catalog:Seed:{sku}:Prices:EUR"] = price.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Inventory:SeedStock:{sku}"] = units.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (otlpEndpoint is not null)
        {
            foreach (var (key, value) in LocalTelemetry.AppSettings(otlpEndpoint))
            {
                settings[key] = value;
            }
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<LocalStack> StartAsync(LocalOptions options, CancellationToken cancellationToken)
    {
        var log = new LiveLog { Buffered = options.Quiet };

        // First, because it takes the longest to come up: it starts while the rest does.
        var dashboard = LocalDashboard.Start(options.Dashboard);
        options = options with { OtlpEndpoint = dashboard.Running?.OtlpEndpoint };
        var wellKnownStorage = options.WellKnownPorts && WellKnownStoragePorts.All(IsFree);
        var azuriteData = options.DataDirectory is { } dataDirectory ? Path.Combine(dataDirectory, "azurite") : null;
        try
        {
            var parts = await LocalApp.StartAsync(
                new LocalAppOptions
                {
                    ServiceBusTopologyPath = TopologyPath(),
                    AdjustTopology = options.ServiceBusLockDuration is { } lockDuration ? topology => topology.WithLockDuration(lockDuration) : null,
                    Azurite = wellKnownStorage
                        ? new AzuriteOptions { BlobPort = 10000, QueuePort = 10001, TablePort = 10002, DataDirectory = azuriteData }
                        : new AzuriteOptions { DataDirectory = azuriteData },
                    ServiceBusDataDirectory = options.DataDirectory is { } directory ? Path.Combine(directory, "servicebus") : null,
                    ServiceBusPort = options.WellKnownPorts && IsFree(5672) ? 5672 : 0,
                    ServiceBusInspectionPort = 0,
                    ServiceBusLoggerFactory = dashboard.EmulatorLogging,
                    Host = running => HostOptions(running.Azurite, running.ServiceBus, options, log),
                },
                cancellationToken);
            await dashboard.WaitUntilReadyAsync(cancellationToken);
            return new LocalStack(parts, log, dashboard) { Options = options };
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    /// <summary>How often the local run fires every timer-triggered function; the sweeper's own schedule is every minute too.</summary>
    public static readonly TimeSpan TimerInterval = TimeSpan.FromMinutes(1);

    /// <summary>Starts another functions host over the running local parts (the bench does, to time a host's start).</summary>
    public static Task<FunctionsTestHost> StartHostAsync(AzuriteServer azurite, ServiceBusEmulator emulator, LocalOptions options, LiveLog log, CancellationToken cancellationToken) =>
        FunctionsTestHost.StartAsync(HostOptions(azurite, emulator, options, log), cancellationToken);

    /// <summary>The app as the run command hosts it: its own registrations and the local settings.</summary>
    private static FunctionsTestHostOptions HostOptions(AzuriteServer azurite, ServiceBusEmulator emulator, LocalOptions options, LiveLog log)
    {
        var hostOptions = new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(OrderWorkflowServiceCollectionExtensions).Assembly,
            ServiceBusTopologyPath = TopologyPath(),
            ConfigureServices = (services, configuration) =>
            {
                services.AddOrderWorkflow(configuration);
                if (options.TablesOutage is { } outage)
                {
                    // The soak's Tables fault: the app's own TableServiceClient (AddAzureClients names it "Default") gets the outage policy.
                    Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Azure.Data.Tables.TableClientOptions>(services, "Default", o => o.AddPolicy(outage, Azure.Core.HttpPipelinePosition.PerCall));
                }
            },
            HttpPort = options.HttpPort != 0 && IsFree(options.HttpPort) ? options.HttpPort : 0,
            ConfigureLogging = logging => ConfigureLogging(logging, log),
            DurableBackend = options.Durable,
            DurableQueueVisibilityTimeout = options.DurableQueueVisibilityTimeout,

            // Timers (the order outbox sweeper) run on this interval rather than on their NCRONTAB schedules.
            TimerInterval = TimerInterval,
        };
        foreach (var (key, value) in AppSettings(azurite, emulator, options.Settings, options.OtlpEndpoint))
        {
            hostOptions.Settings[key] = value;
        }

        return hostOptions;
    }

    /// <summary>
    /// A host crash: disposes the functions host without draining (in-flight invocations are cancelled, their messages
    /// abandoned) and starts a new one over the same Azurite and emulator, as a restarted process would.
    /// </summary>
    public Task CrashAndRestartHostAsync(CancellationToken cancellationToken) => parts.RestartHostAsync(cancellationToken);

    /// <summary>Waits for Ctrl+C (the token), then lets <see cref="DisposeAsync"/> stop everything.</summary>
    public static async Task<int> RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Spectre.Console.AnsiConsole.MarkupLine("[grey]Stopping: functions, then the Service Bus emulator, then Azurite, then the dashboard…[/]");
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await parts.DisposeAsync();

        // Last, so the app's and the emulator's final telemetry still has somewhere to go.
        await Dashboard.DisposeAsync();
    }

    internal static void ConfigureLogging(ILoggingBuilder logging, LiveLog log)
    {
        logging.ClearProviders();
        logging.AddProvider(log);
        logging.SetMinimumLevel(LogLevel.Information);
        foreach (var noisy in new[] { "Microsoft", "System", "Grpc", "Azure", "DurableTask" })
        {
            logging.AddFilter(noisy, LogLevel.Warning);
        }

        logging.AddFilter("EventKit", LogLevel.Information);
    }

    private static string TopologyPath()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json");
        return File.Exists(copied) ? copied : Path.Combine(Environment.CurrentDirectory, "infra", "servicebus.topology.json");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
