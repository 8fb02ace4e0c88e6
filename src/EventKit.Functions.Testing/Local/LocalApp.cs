using System.Diagnostics;
using EventKit.Functions.Testing.Azurite;
using EventKit.ServiceBus.Emulator;

namespace EventKit.Functions.Testing.Local;

/// <summary>
/// The local parts an app runs on, started in order (Azurite, the Service Bus emulator with the app's topology, the
/// app's functions in <see cref="FunctionsTestHost"/>) and stopped in reverse. The run command and the end-to-end tests
/// both start the app this way, so what the tests prove is what a developer runs.
/// </summary>
public sealed class LocalApp : IAsyncDisposable
{
    private readonly LocalAppOptions options;

    private LocalApp(LocalAppOptions options, LocalParts parts, FunctionsTestHost host, LocalAppTimings timings)
    {
        this.options = options;
        Parts = parts;
        Host = host;
        Timings = timings;
    }

    /// <summary>Azurite and the emulator.</summary>
    public LocalParts Parts { get; }

    /// <inheritdoc cref="LocalParts.Azurite"/>
    public AzuriteServer Azurite => Parts.Azurite;

    /// <inheritdoc cref="LocalParts.ServiceBus"/>
    public ServiceBusEmulator ServiceBus => Parts.ServiceBus;

    /// <summary>The app's functions; a new host after <see cref="RestartHostAsync"/>.</summary>
    public FunctionsTestHost Host { get; private set; }

    /// <summary>How long each part took to start.</summary>
    public LocalAppTimings Timings { get; }

    /// <summary>Starts the parts and the host; on a failure, stops whatever had started.</summary>
    public static async Task<LocalApp> StartAsync(LocalAppOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        AzuriteServer? azurite = null;
        ServiceBusEmulator? emulator = null;
        try
        {
            azurite = await AzuriteServer.StartAsync(options.Azurite, cancellationToken).ConfigureAwait(false);
            var azuriteElapsed = clock.Elapsed;
            clock.Restart();
            var topology = EmulatorTopology.Load(options.ServiceBusTopologyPath);
            emulator = await ServiceBusEmulator.StartAsync(
                new ServiceBusEmulatorOptions
                {
                    Port = options.ServiceBusPort,
                    InspectionPort = options.ServiceBusInspectionPort,
                    Topology = options.AdjustTopology?.Invoke(topology) ?? topology,
                    LoggerFactory = options.ServiceBusLoggerFactory,
                    DataDirectory = options.ServiceBusDataDirectory,
                },
                cancellationToken).ConfigureAwait(false);
            var emulatorElapsed = clock.Elapsed;
            clock.Restart();
            var parts = new LocalParts(azurite, emulator);
            var host = await StartHostAsync(options, parts, cancellationToken).ConfigureAwait(false);
            return new LocalApp(options, parts, host, new LocalAppTimings(azuriteElapsed, emulatorElapsed, clock.Elapsed));
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Disposes the host (what it is running is interrupted, as in a crash or a redeployment) and starts a new one over
    /// the same Azurite and emulator, so work persisted there carries on under the new host.
    /// </summary>
    public async Task<FunctionsTestHost> RestartHostAsync(CancellationToken cancellationToken = default)
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        Host = await StartHostAsync(options, Parts, cancellationToken).ConfigureAwait(false);
        return Host;
    }

    /// <summary>Stops the host, then the emulator, then Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await ServiceBus.DisposeAsync().ConfigureAwait(false);
        await Azurite.DisposeAsync().ConfigureAwait(false);
    }

    private static Task<FunctionsTestHost> StartHostAsync(LocalAppOptions options, LocalParts parts, CancellationToken cancellationToken)
    {
        var hostOptions = options.Host(parts);
        hostOptions.ServiceBusTopologyPath ??= options.ServiceBusTopologyPath;
        foreach (var setting in options.StorageConnectionSettings)
        {
            hostOptions.Settings.TryAdd(setting, parts.Azurite.ConnectionString);
        }

        foreach (var setting in options.ServiceBusConnectionSettings)
        {
            hostOptions.Settings.TryAdd(setting, parts.ServiceBus.ConnectionString);
        }

        return FunctionsTestHost.StartAsync(hostOptions, cancellationToken);
    }
}
