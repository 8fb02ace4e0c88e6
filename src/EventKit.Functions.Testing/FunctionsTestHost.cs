using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Durable;
using EventKit.Functions.Testing.Http;
using EventKit.Functions.Testing.Invocation;
using EventKit.Functions.Testing.ServiceBus;
using EventKit.Functions.Testing.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace EventKit.Functions.Testing;

/// <summary>
/// Runs an isolated-worker Functions app's own <c>[Function]</c> methods in this process, over real local parts:
/// HTTP triggers on Kestrel (127.0.0.1), Service Bus triggers as processors on the configured namespace (the EventKit
/// emulator locally), orchestrations and activities on the Durable in-process test host's sidecar, joined to the app's host, over the
/// Azure Storage backend on <c>AzureWebJobsStorage</c> (Azurite) by default (see <see cref="FunctionsTestHostOptions.DurableBackend"/>). The app's services come from
/// its own registration extension (<see cref="FunctionsTestHostOptions.ConfigureServices"/>).
/// </summary>
/// <example>
/// <code>
/// await using var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
/// {
///     FunctionsAssembly = typeof(PlaceOrder).Assembly,
///     ConfigureServices = (services, configuration) => services.AddOrderWorkflow(configuration),
///     Settings = { ["ServiceBus"] = emulator.ConnectionString, ["Tables"] = azurite.ConnectionString },
/// });
/// using var http = host.CreateHttpClient();
/// </code>
/// </example>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    /// <summary>
    /// The ActivitySource of the kit's invocation spans (<c>Invoke {function}</c>). When the app configures OpenTelemetry
    /// tracing, the host adds it, with ASP.NET Core's request spans, to the app's tracer provider.
    /// </summary>
    public const string ActivitySourceName = "EventKit.Functions.Testing";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly WebApplication app;
    private readonly DurableTaskClient? durable;
    private readonly ServiceBusTriggerListener serviceBus;
    private readonly Dictionary<string, FunctionInvoker> timers;
    private readonly TimeSpan shutdownTimeout;
    private readonly CancellationTokenSource timerLoopStop = new();
    private Task timerLoop = Task.CompletedTask;
    private int disposed;

    private FunctionsTestHost(
        WebApplication app,
        DurableTaskClient? durable,
        ServiceBusTriggerListener serviceBus,
        IReadOnlyList<FunctionDescriptor> functions,
        IReadOnlyList<HttpRouteInfo> routes,
        Dictionary<string, FunctionInvoker> timers,
        Uri baseAddress,
        string functionKey,
        TimeSpan shutdownTimeout)
    {
        this.app = app;
        this.durable = durable;
        this.serviceBus = serviceBus;
        this.timers = timers;
        this.shutdownTimeout = shutdownTimeout;
        Functions = functions;
        HttpRoutes = routes;
        BaseAddress = baseAddress;
        FunctionKey = functionKey;
    }

    /// <summary>The app's root service provider (built from its own registrations plus the kit's).</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The configuration the app was registered with (<see cref="FunctionsTestHostOptions.Settings"/>).</summary>
    public IConfiguration Configuration => app.Configuration;

    /// <summary>Every discovered function.</summary>
    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The HTTP-triggered functions and their routes.</summary>
    public IReadOnlyList<HttpRouteInfo> HttpRoutes { get; }

    /// <summary>Where HTTP triggers are served, for example <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key that non-anonymous HTTP functions require in <c>x-functions-key</c> or <c>?code=</c>.</summary>
    public string FunctionKey { get; }

    /// <summary>The Durable client that <c>[DurableClient]</c> parameters receive. Throws when the app has no Durable functions.</summary>
    public DurableTaskClient DurableClient => durable
        ?? throw new InvalidOperationException("The app has no Durable functions and no [DurableClient] parameter, so no Durable host was started.");

    /// <summary>Starts the host: discovers functions, builds the app's services, then starts Durable, HTTP and Service Bus.</summary>
    /// <exception cref="FunctionsHostStartupException">
    /// The Functions host or an Azure service would reject the app: a function or task hub name, two HTTP functions on one
    /// route and method, a Service Bus entity the topology file lacks, a missing setting, or a host.json value. Nothing was started.
    /// </exception>
    /// <exception cref="InvalidOperationException">Options are incomplete or a route is invalid.</exception>
    /// <exception cref="NotSupportedException">A function uses a trigger or parameter the kit does not bind.</exception>
    public static async Task<FunctionsTestHost> StartAsync(FunctionsTestHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assembly = options.FunctionsAssembly ?? throw new InvalidOperationException($"{nameof(FunctionsTestHostOptions)}.{nameof(FunctionsTestHostOptions.FunctionsAssembly)} is required.");
        var started = Stopwatch.GetTimestamp();
        var functions = FunctionCatalog.Discover(assembly, options.FunctionTypes);
        var hostJsonPath = options.HostJsonPath ?? Path.Combine(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory, "host.json");
        StartupChecks.Run(functions, hostJsonPath, options);
        var hostJson = HostJson.Load(hostJsonPath);
        var functionKey = options.FunctionKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Development",
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(options.Settings.Select(static s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        builder.Logging.ClearProviders();

        // host.json's logging.logLevel, as the Functions host applies it (for example DurableTask.AzureStorage at Warning:
        // the backend logs about fifteen Information lines per orchestration step); ConfigureLogging may override it.
        foreach (var (category, level) in hostJson.LogLevels)
        {
            if (string.Equals(category, "default", StringComparison.OrdinalIgnoreCase))
            {
                builder.Logging.SetMinimumLevel(level);
            }
            else
            {
                builder.Logging.AddFilter(category, level);
            }
        }

        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.HttpPort));
        builder.Services.AddRouting();
        builder.Services.AddMvcCore();
        options.ConfigureServices?.Invoke(builder.Services, builder.Configuration);

        // In Azure the Functions host traces the HTTP request and each invocation; here the kit is the host. Its spans join
        // the app's tracing (and so reach the app's exporters) only when the app configures OpenTelemetry tracing at all.
        // The Durable sidecar's gRPC calls are the kit's plumbing, not requests the app serves: they are left out.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(ActivitySourceName)
            .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = static context =>
                context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true));

        WebApplication? app = null;
        DurableTaskClient? guarded = null;
        var registrar = new DurableFunctionRegistrar(functions, () => app!.Services, () => guarded!, NullLogger.Instance);
        if (registrar.HasDurableFunctions)
        {
            DurableHosting.Add(builder.Services, options, hostJson, registrar.Register);
        }

        app = builder.Build();

        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger(typeof(FunctionsTestHost).FullName!);
        Logs.Discovered(logger, functions.Count, string.Join(", ", functions));

        registrar.Logger = logger;
        DurableTaskClient? durable = registrar.HasDurableFunctions ? new InstanceIdGuardClient(app.Services.GetRequiredService<DurableTaskClient>()) : null;
        guarded = durable;
        Func<DurableTaskClient> durableClient = () => durable
            ?? throw new InvalidOperationException("The app has no Durable functions and no [DurableClient] parameter, so no Durable host was started.");
        ServiceBusTriggerListener? serviceBus = null;
        try
        {
            var routes = HttpFunctionEndpoints.Map(app, functions, hostJson.RoutePrefix, functionKey, durableClient, logger);
            var timers = functions.Where(static f => f.Trigger == TriggerKind.Timer).ToDictionary(
                static f => f.Name,
                f =>
                {
                    var schedule = FunctionCatalog.Property<string>(f.TriggerAttribute, "Schedule") ?? "?";
                    if (options.TimerInterval is { } interval)
                    {
                        Logs.TimerOnInterval(logger, f.Name, schedule, interval);
                    }
                    else
                    {
                        Logs.TimerOnDemand(logger, f.Name, schedule);
                    }
                    return new FunctionInvoker(f, app.Services, durableClient, p => p == f.TriggerParameter ? static state => ValueTask.FromResult(state.Trigger) : null, logger);
                },
                StringComparer.OrdinalIgnoreCase);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

            serviceBus = new ServiceBusTriggerListener(functions, app.Configuration, hostJson, app.Services, durableClient, logger);
            if (options.StartServiceBusTriggers)
            {
                await serviceBus.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            Logs.Started(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds, baseAddress);
            var host = new FunctionsTestHost(app, durable, serviceBus, functions, routes, timers, baseAddress, functionKey, options.ShutdownTimeout);
            if (options.TimerInterval is { } interval && timers.Count > 0)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(options.TimerInterval));
                host.timerLoop = host.RunTimersEveryAsync(interval, logger);
            }

            return host;
        }
        catch
        {
            if (serviceBus is not null)
            {
                await serviceBus.DisposeAsync().ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// An HttpClient for <see cref="BaseAddress"/> that sends the function key in <c>x-functions-key</c>
    /// (pass <paramref name="withFunctionKey"/> false to test key enforcement). The caller disposes it.
    /// </summary>
    public HttpClient CreateHttpClient(bool withFunctionKey = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withFunctionKey)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        }

        return client;
    }

    /// <summary>Starts the Service Bus triggers when <see cref="FunctionsTestHostOptions.StartServiceBusTriggers"/> was false.</summary>
    public Task StartServiceBusTriggersAsync(CancellationToken cancellationToken = default) => serviceBus.StartAsync(cancellationToken);

    /// <summary>
    /// Runs a <c>[TimerTrigger]</c> function now (the in-process host does not schedule timers) and returns what it returned.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No timer-triggered function has that name.</exception>
    public Task<object?> InvokeTimerAsync(string functionName, bool isPastDue = false, CancellationToken cancellationToken = default)
    {
        if (!timers.TryGetValue(functionName, out var invoker))
        {
            throw new KeyNotFoundException($"No [TimerTrigger] function is named '{functionName}'.");
        }

        var now = DateTime.UtcNow;
        var timer = new TimerInfo { IsPastDue = isPastDue, ScheduleStatus = new ScheduleStatus { Last = now, Next = now, LastUpdated = now } };
        return invoker.InvokeAsync(new InvocationState(timer, cancellationToken));
    }

    /// <summary>The <see cref="FunctionsTestHostOptions.TimerInterval"/> loop: every timer function, one run at a time, until disposal.</summary>
    private async Task RunTimersEveryAsync(TimeSpan interval, ILogger logger)
    {
        using var ticks = new PeriodicTimer(interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(timerLoopStop.Token).ConfigureAwait(false))
            {
                foreach (var name in timers.Keys)
                {
                    try
                    {
                        await InvokeTimerAsync(name, cancellationToken: timerLoopStop.Token).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // The invoker has logged the failure; the next tick runs it again, as the host's next schedule would.
                        Logs.TimerRunFailed(logger, name, exception);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal.
        }
    }

    /// <summary>Stops the timers, then Service Bus processing, then HTTP, then the Durable host, then disposes the app's services.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await timerLoopStop.CancelAsync().ConfigureAwait(false);
        await timerLoop.ConfigureAwait(false);
        timerLoopStop.Dispose();
        using var timeout = new CancellationTokenSource(shutdownTimeout);
        await serviceBus.DisposeAsync().ConfigureAwait(false);
        try
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // In-flight requests did not finish in time; they are abandoned with the process.
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }
}
