using EventKit.ServiceBus.Emulator.Amqp;
using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Inspection;
using EventKit.ServiceBus.Emulator.Management;
using EventKit.ServiceBus.Emulator.Persistence;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// An in-memory Azure Service Bus emulator that the unmodified Azure.Messaging.ServiceBus SDK connects to over AMQP.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await ServiceBusEmulator.StartAsync(new() { Port = 0, Topology = EmulatorTopology.Load("servicebus.topology.json") });
/// await using var client = new ServiceBusClient(emulator.ConnectionString);
/// </code>
/// </example>
public sealed class ServiceBusEmulator : IAsyncDisposable
{
    /// <summary>The fixed, documented, non-secret key in <see cref="ConnectionString"/>; the emulator accepts any key.</summary>
    public const string SharedAccessKey = "SAS_KEY_VALUE";

    private readonly AmqpBroker broker;
    private readonly MessagingNamespace entities;
    private readonly InspectionServer? inspection;
    private readonly ITimer sweeper;
    private readonly MessageJournal? journal;
    private readonly ILogger logger;
    private int sweeping;
    private int disposed;

    private ServiceBusEmulator(ServiceBusEmulatorOptions options, MessagingNamespace entities, AmqpBroker broker, InspectionServer? inspection, EmulatorFaults faults, MessageJournal? journal, ILogger logger)
    {
        this.journal = journal;
        Faults = faults;
        this.entities = entities;
        this.broker = broker;
        this.inspection = inspection;
        this.logger = logger;
        Port = broker.Port;
        Host = options.Host;
        sweeper = options.TimeProvider.CreateTimer(_ => Sweep(), null, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>The bound AMQP port (the chosen one when the options asked for port 0).</summary>
    public int Port { get; }

    /// <summary>The address the emulator listens on.</summary>
    public string Host { get; }

    /// <summary>
    /// A connection string for the SDK: <c>Endpoint=sb://{host}:{port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;</c>.
    /// </summary>
    public string ConnectionString =>
        $"Endpoint=sb://{ConnectableHost}:{Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={SharedAccessKey};UseDevelopmentEmulator=true;";

    /// <summary>
    /// A connection string for <c>ServiceBusAdministrationClient</c>, pointing at the inspection port (HTTP, loopback):
    /// it creates, reads, updates, lists and deletes queues, topics, subscriptions and rules at run time, and reads
    /// runtime and namespace properties. Null when the inspection port is disabled.
    /// </summary>
    /// <example>
    /// <code>
    /// var admin = new ServiceBusAdministrationClient(emulator.AdministrationConnectionString);
    /// await admin.CreateQueueAsync("invoices");
    /// </code>
    /// </example>
    public string? AdministrationConnectionString => inspection is null
        ? null
        : $"Endpoint=sb://127.0.0.1:{inspection.Endpoint.Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={SharedAccessKey};UseDevelopmentEmulator=true;";

    /// <summary>The HTTP inspection endpoint (for example <c>http://127.0.0.1:PORT/entities</c>), or null when disabled.</summary>
    public Uri? InspectionEndpoint => inspection?.Endpoint;

    /// <summary>Fault injection: drop connections, refuse links for a while, fail the next sends to an entity.</summary>
    /// <example>
    /// <code>
    /// emulator.Faults.FailNextSends("orders", 3, SendFault.ServerBusy);
    /// emulator.Faults.RefuseLinks(TimeSpan.FromSeconds(2));
    /// emulator.Faults.DropConnections();
    /// </code>
    /// </example>
    public EmulatorFaults Faults { get; }

    /// <summary>The number of open AMQP connections (closing ones excluded).</summary>
    public int ConnectionCount => broker.ConnectionCount;

    private string ConnectableHost => Host is "0.0.0.0" or "::" or "" ? "127.0.0.1" : Host;

    /// <summary>Starts the emulator: validates the topology, binds the AMQP port and the inspection endpoint.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    public static Task<ServiceBusEmulator> StartAsync(ServiceBusEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        if (options.MaxMessageSizeBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxMessageSizeBytes must be positive.");
        }

        if (options.IdleTimeout < TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "IdleTimeout must be at least 10 seconds: clients are told half of it, and the SDK refuses less than 5 seconds.");
        }

        var topology = options.Topology ?? EmulatorTopology.Empty;
        var logger = options.LoggerFactory.CreateLogger("EventKit.ServiceBus.Emulator");
        if (options.DataDirectory is not null && options.JournalCompactionBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "JournalCompactionBytes must be positive.");
        }

        var journal = options.DataDirectory is { } dataDirectory
            ? MessageJournal.Open(dataDirectory, topology.NamespaceName, options.JournalCompactionBytes, options.TimeProvider, logger)
            : null;
        var entities = new MessagingNamespace(topology, options.TimeProvider, journal);
        var faults = new EmulatorFaults(options.TimeProvider);
        AmqpBroker broker;
        try
        {
            if (journal is not null)
            {
                JournalRestore.Restore(journal, entities, logger);
                journal.StartWriting();
            }

            broker = new AmqpBroker(entities, options, faults, logger);
            broker.Start();
        }
        catch
        {
            journal?.Dispose();
            throw;
        }

        InspectionServer? inspection = null;
        try
        {
            if (options.InspectionPort >= 0)
            {
                var administration = new AdministrationEndpoint(new EntityAdministration(entities, topology.NamespaceName, options.TimeProvider));
                inspection = new InspectionServer(options.InspectionPort, entities, administration, faults, logger);
                logger.InspectionListening(inspection.Endpoint);
            }
        }
        catch
        {
            broker.Dispose();
            journal?.Dispose();
            throw;
        }

        logger.Listening(options.Host, broker.Port, topology.Queues.Count, topology.Topics.Count);
        return Task.FromResult(new ServiceBusEmulator(options, entities, broker, inspection, faults, journal, logger));
    }

    /// <summary>Counts of one entity: a queue, topic or subscription path such as <c>orders/Subscriptions/fulfillment</c>.</summary>
    /// <param name="entityPath">The entity path (case-insensitive).</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentException">No such entity.</exception>
    public EntityCounts GetCounts(string entityPath) =>
        entities.GetCounts(entityPath) ?? throw new ArgumentException($"No queue, topic or subscription at '{entityPath}'.", nameof(entityPath));

    /// <summary>How many receivers wait for a session of a session-enabled queue or subscription (tests use it to act once they wait).</summary>
    internal int WaitingSessionReceivers(string entityPath) =>
        entities.WaitingSessionReceivers(entityPath) ?? throw new ArgumentException($"No queue or subscription at '{entityPath}'.", nameof(entityPath));

    /// <summary>Counts of every queue, topic and subscription.</summary>
    /// <returns>One entry per entity.</returns>
    public IReadOnlyList<EntityCounts> GetAllCounts() => entities.GetAllCounts();

    /// <summary>
    /// Stops listening and closes every connection. Messages are discarded, unless <see cref="ServiceBusEmulatorOptions.DataDirectory"/>
    /// keeps them for the next start (with their locks released).
    /// </summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await sweeper.DisposeAsync().ConfigureAwait(false);
        broker.Dispose();
        if (inspection is not null)
        {
            await inspection.DisposeAsync().ConfigureAwait(false);
        }

        journal?.Dispose();

        logger.Stopped();
    }

    private void Sweep()
    {
        if (Interlocked.Exchange(ref sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            entities.Sweep();
        }
#pragma warning disable CA1031 // The sweep timer must survive any failure; it is logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.SweepFailed(exception);
        }
        finally
        {
            Volatile.Write(ref sweeping, 0);
        }
    }
}
