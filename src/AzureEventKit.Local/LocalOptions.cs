using EventKit.Functions.Testing.Durable;

namespace AzureEventKit.Local;

/// <summary>What the run command was asked for.</summary>
/// <param name="HttpPort">The functions' HTTP port; 7071 like <c>func start</c>, or 0 for any free port.</param>
/// <param name="Settings">Extra app settings from <c>--setting key=value</c>; they override the local defaults.</param>
/// <param name="Quiet">Whether the live log goes to the demo's panel instead of straight to the console.</param>
/// <param name="Durable">Where orchestration state lives: Azure Storage on Azurite (as in Azure), or in memory.</param>
/// <param name="DataDirectory">Where Azurite (under <c>azurite/</c>) and the Service Bus emulator (under <c>servicebus/</c>) keep their data so it survives a restart; null keeps it in memory.</param>
/// <param name="Dashboard">Whether to start the Aspire Dashboard and send the run's telemetry to it.</param>
internal sealed record LocalOptions(
    int HttpPort,
    IReadOnlyDictionary<string, string> Settings,
    bool Quiet,
    DurableBackend Durable = DurableBackend.AzureStorage,
    string? DataDirectory = null,
    bool Dashboard = true)
{
    /// <summary>Where the app's telemetry goes over OTLP (the dashboard's endpoint); null sends it nowhere.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>A Tables outage the soak switches on and off; installed in the app's TableServiceClient when set.</summary>
    public EventKit.Functions.Testing.Faults.DependencyOutage? TablesOutage { get; init; }

    /// <summary>
    /// Caps how long Durable work a stopped host had taken stays invisible before another host runs it (Azure's default,
    /// and the run command's, is 5 minutes). The soak sets it, because it crashes the host on purpose; null keeps host.json's values.
    /// </summary>
    public TimeSpan? DurableQueueVisibilityTimeout { get; init; }

    /// <summary>
    /// Sets the emulator's lock duration for every queue and subscription (the topology file's, and Azure's, is 1 minute):
    /// how long a message a dropped or crashed receiver held waits before it is delivered again. The soak sets it, because
    /// it drops connections and crashes the host on purpose; null keeps the topology file's.
    /// </summary>
    public TimeSpan? ServiceBusLockDuration { get; init; }

    /// <summary>
    /// Whether Azurite and the Service Bus emulator take their well-known ports (10000-10002, 5672) when those are free.
    /// A test sets false, so that it never races another process for them.
    /// </summary>
    public bool WellKnownPorts { get; init; } = true;

    /// <summary>The values of <c>--durable</c>.</summary>
    public static readonly IReadOnlyDictionary<string, DurableBackend> DurableChoices = new Dictionary<string, DurableBackend>(StringComparer.OrdinalIgnoreCase)
    {
        ["azurestorage"] = DurableBackend.AzureStorage,
        ["memory"] = DurableBackend.InMemory,
    };

    public static IReadOnlyDictionary<string, string> ParseSettings(IEnumerable<string> pairs)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ArgumentException($"--setting expects key=value, got '{pair}'.");
            }

            settings[pair[..separator]] = pair[(separator + 1)..];
        }

        return settings;
    }
}
