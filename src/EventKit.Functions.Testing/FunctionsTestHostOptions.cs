using System.Reflection;
using EventKit.Functions.Testing.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing;

/// <summary>How <see cref="FunctionsTestHost"/> finds, configures and serves an isolated-worker app's functions.</summary>
public sealed class FunctionsTestHostOptions
{
    /// <summary>
    /// Required. The app assembly whose <c>[Function]</c> methods are discovered (for example
    /// <c>typeof(SomeFunction).Assembly</c>). Every public or non-public method carrying
    /// <c>Microsoft.Azure.Functions.Worker.FunctionAttribute</c> is bound; a trigger the kit does not support fails the start.
    /// </summary>
    public Assembly? FunctionsAssembly { get; set; }

    /// <summary>
    /// Optional. Only the <c>[Function]</c> methods these classes declare are discovered, for example to run one feature
    /// alone. Each must belong to <see cref="FunctionsAssembly"/>. Default: empty, every class of the assembly.
    /// </summary>
    public IList<Type> FunctionTypes { get; } = [];

    /// <summary>
    /// Optional. The Service Bus topology file infra deploys from (the official emulator's Config.json shape, for example
    /// <c>infra/servicebus.topology.json</c>). When set, every <c>[ServiceBusTrigger]</c> must name a queue, topic and
    /// subscription it declares, or the start fails: an entity missing from the file is missing in Azure. A path to a file
    /// that does not exist fails the start too. Default: null, no check.
    /// </summary>
    public string? ServiceBusTopologyPath { get; set; }

    /// <summary>
    /// Registers the app's services, with the configuration built from <see cref="Settings"/>. Pass the same extension
    /// that Program.cs calls (for example <c>(services, configuration) =&gt; services.AddOrderWorkflow(configuration)</c>) so
    /// no registration is duplicated. Test-only decorators go after that call. Default: nothing is registered.
    /// </summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureServices { get; set; }

    /// <summary>
    /// App settings, as the real host would read them from app settings or local.settings.json <c>Values</c>
    /// (use <c>:</c> or <c>__</c> for sections). Connection names in trigger attributes are looked up here, for example
    /// <c>["ServiceBus"] = emulator.ConnectionString</c>. Default: empty.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The app's host.json. Its <c>extensions.http.routePrefix</c> and <c>extensions.serviceBus</c>
    /// (<c>maxConcurrentCalls</c>, <c>maxConcurrentSessions</c>, <c>maxAutoLockRenewalDuration</c>, <c>autoCompleteMessages</c>,
    /// <c>prefetchCount</c>, <c>maxMessageBatchSize</c>) are honoured. Default: <c>host.json</c> next to
    /// <see cref="FunctionsAssembly"/> when it exists, else the real host's defaults.
    /// </summary>
    public string? HostJsonPath { get; set; }

    /// <summary>
    /// The loopback port for HTTP triggers on Kestrel (127.0.0.1). Default 0: a free port, read it from
    /// <see cref="FunctionsTestHost.BaseAddress"/>. Set 7071 to match <c>func start</c>.
    /// </summary>
    public int HttpPort { get; set; }

    /// <summary>
    /// The key that <c>AuthorizationLevel.Function</c> and <c>Admin</c> routes require in the <c>x-functions-key</c> header
    /// or the <c>code</c> query parameter. Default: a random key per host, exposed as <see cref="FunctionsTestHost.FunctionKey"/>.
    /// </summary>
    public string? FunctionKey { get; set; }

    /// <summary>
    /// Whether Service Bus triggers start receiving when the host starts. Default true. Set false to start them later with
    /// <see cref="FunctionsTestHost.StartServiceBusTriggersAsync"/>, or to run HTTP and Durable functions without a broker.
    /// </summary>
    public bool StartServiceBusTriggers { get; set; } = true;

    /// <summary>
    /// Adds logging providers (console, test output, OpenTelemetry) for the app, the kit and the Durable host.
    /// Default: none, so nothing is printed; the app's own registrations may still add providers.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>
    /// Where orchestration state lives. Default <see cref="DurableBackend.AzureStorage"/>, the backend the deployed app
    /// runs on: it needs the <c>AzureWebJobsStorage</c> setting (Azurite's connection string locally) and reads host.json's
    /// <c>extensions.durableTask</c> (<c>hubName</c>, <c>storageProvider.partitionCount</c>,
    /// <c>storageProvider.maxQueuePollingInterval</c>, <c>storageProvider.controlQueueVisibilityTimeout</c>,
    /// <c>storageProvider.workItemQueueVisibilityTimeout</c>, <c>maxConcurrent*Functions</c>). Choose
    /// <see cref="DurableBackend.InMemory"/> for orchestration unit tests that need no storage; it loses state with the
    /// host and accepts task hub names that Azure rejects.
    /// </summary>
    public DurableBackend DurableBackend { get; set; } = DurableBackend.AzureStorage;

    /// <summary>
    /// Overrides host.json's <c>extensions.durableTask.hubName</c> for the Azure Storage backend. Give each host its own hub
    /// (letters and digits, starting with a letter, 3 to 45 characters) when tests share one Azurite and must not see each
    /// other's orchestrations; give a second host the first one's hub to have it resume that host's work.
    /// Default: host.json's hub name (or <c>TestHubName</c>, the Functions host's local default).
    /// </summary>
    public string? DurableTaskHubName { get; set; }

    /// <summary>
    /// Caps host.json's <c>storageProvider.maxQueuePollingInterval</c> (default 30 seconds) for the Azure Storage backend.
    /// An idle backend backs off to that interval between polls of its queues, so the first message after a quiet spell
    /// (a new order, a durable timer firing) waits up to that long; in Azure a long interval saves storage transactions,
    /// locally it only slows things down. Default 100 ms; null uses host.json's value unchanged.
    /// </summary>
    public TimeSpan? DurableMaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Caps host.json's <c>storageProvider.controlQueueVisibilityTimeout</c> and <c>workItemQueueVisibilityTimeout</c>
    /// (default 5 minutes each) for the Azure Storage backend. A host that stops without releasing its work (a crash, a
    /// killed process) leaves the orchestration and activity messages it had dequeued invisible for that long; only then
    /// does another host, or the restarted one, run them. Set a short value (30 seconds, say) where you crash hosts on
    /// purpose and want the work back quickly. The cost: a work item that takes longer than the timeout becomes visible
    /// again and runs a second time, so keep it above your slowest activity. Default null: host.json's values unchanged,
    /// as in Azure.
    /// </summary>
    public TimeSpan? DurableQueueVisibilityTimeout { get; set; }

    /// <summary>
    /// Optional. Runs every <c>[TimerTrigger]</c> function once per interval, counted from the start, as a stand-in for its
    /// schedule: the kit does not evaluate NCRONTAB expressions, so a function scheduled every 5 minutes runs every
    /// interval here. Runs of one function never overlap (as the Functions host's singleton timers), and a failed run is
    /// logged and does not stop the next one. Default null: timers run only through <see cref="FunctionsTestHost.InvokeTimerAsync"/>,
    /// which is what tests want.
    /// </summary>
    public TimeSpan? TimerInterval { get; set; }

    /// <summary>How long <see cref="FunctionsTestHost.DisposeAsync"/> waits for in-flight invocations. Default 10 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
