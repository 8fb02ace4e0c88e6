using EventKit.Functions.Testing.Azurite;
using EventKit.ServiceBus.Emulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventKit.Functions.Testing.Local;

/// <summary>How <see cref="LocalApp"/> starts Azurite, the Service Bus emulator and the app's functions.</summary>
public sealed class LocalAppOptions
{
    /// <summary>
    /// Required. The Service Bus topology file infra deploys from (for example <c>infra/servicebus.topology.json</c>): the
    /// emulator loads it, and the host checks every <c>[ServiceBusTrigger]</c> against it, as Azure would.
    /// </summary>
    public required string ServiceBusTopologyPath { get; init; }

    /// <summary>
    /// Required. The host's options for the running parts: the app's assembly, its registrations and its settings. The
    /// stack adds what the parts provide (connection settings, the topology check) where the factory left them unset.
    /// It is called again for every <see cref="LocalApp.RestartHostAsync"/>, so each host starts alike.
    /// </summary>
    public required Func<LocalParts, FunctionsTestHostOptions> Host { get; init; }

    /// <summary>How Azurite starts. Default: free ports, in memory.</summary>
    public AzuriteOptions Azurite { get; init; } = new();

    /// <summary>The emulator's AMQP port. Default 0: a free port.</summary>
    public int ServiceBusPort { get; init; }

    /// <summary>The emulator's inspection and administration port. Default -1: none.</summary>
    public int ServiceBusInspectionPort { get; init; } = -1;

    /// <summary>
    /// Changes the loaded topology before the emulator starts, for what only a test or a local run needs (a tap
    /// subscription, a shorter lock). The file, and the host's trigger check, are not changed. Default: none.
    /// </summary>
    public Func<EmulatorTopology, EmulatorTopology>? AdjustTopology { get; init; }

    /// <summary>
    /// Where the emulator keeps its journal, so that messages (and delivery counts, schedules, dead letters) survive a
    /// restart, a killed process included: <see cref="ServiceBusEmulatorOptions.DataDirectory"/>. Pair it with
    /// <see cref="AzuriteOptions.DataDirectory"/> in <see cref="Azurite"/> (another directory), so that what the messages
    /// refer to survives too. Default null: in memory.
    /// </summary>
    public string? ServiceBusDataDirectory { get; init; }

    /// <summary>The emulator's logging. Default: none.</summary>
    public ILoggerFactory ServiceBusLoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The app settings that get Azurite's connection string (unless the host factory set them). Default:
    /// <c>AzureWebJobsStorage</c>, which the Durable backend and timers use.
    /// </summary>
    public IReadOnlyList<string> StorageConnectionSettings { get; init; } = ["AzureWebJobsStorage"];

    /// <summary>
    /// The app settings that get the emulator's connection string (unless the host factory set them). Default:
    /// <c>AzureWebJobsServiceBus</c>, the triggers' default connection.
    /// </summary>
    public IReadOnlyList<string> ServiceBusConnectionSettings { get; init; } = ["AzureWebJobsServiceBus"];
}
