namespace EventKit.Functions.Testing.Azurite;

/// <summary>How to start Azurite.</summary>
public sealed class AzuriteOptions
{
    /// <summary>
    /// The Azurite launcher. Default: the <c>azurite</c> that <c>npm ci</c> installs under <c>eng/node_modules/.bin</c>,
    /// found by walking up from the current directory; set it to use another install.
    /// </summary>
    public string? ExecutablePath { get; set; }

    /// <summary>
    /// Ports for blobs, queues and tables. Default 0: free ports are chosen, so parallel test projects never
    /// collide. Use 10000/10001/10002 for tools that assume the well-known development ports.
    /// </summary>
    public int BlobPort { get; set; }

    /// <summary>See <see cref="BlobPort"/>.</summary>
    public int QueuePort { get; set; }

    /// <summary>See <see cref="BlobPort"/>.</summary>
    public int TablePort { get; set; }

    /// <summary>
    /// Where Azurite keeps its data (<c>--location</c>), so blobs, queues and tables (and with them Durable task hubs)
    /// survive a restart of Azurite. The directory is created when missing. Default null: in memory, gone on dispose.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long to wait for Azurite to accept connections. Default 30 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
