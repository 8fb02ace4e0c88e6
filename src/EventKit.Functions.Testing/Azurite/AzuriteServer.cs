using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventKit.Functions.Testing.Azurite;

/// <summary>
/// A real Azurite process on 127.0.0.1, in memory (or on disk with <see cref="AzuriteOptions.DataDirectory"/>), stopped on
/// dispose. Each instance has its own ports, so every test project can own one.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's documented, public development account; it is not a secret.
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly bool persistent;

    private AzuriteServer(Process process, int blobPort, int queuePort, int tablePort, bool persistent)
    {
        this.process = process;
        this.persistent = persistent;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>
    /// The Azurite process's id. After this process dies, Azurite saves its data directory and exits by itself; wait for
    /// this id to be gone before starting another Azurite over the same directory.
    /// </summary>
    public int ProcessId => process.Id;

    /// <summary>The blob port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue port.</summary>
    public int QueuePort { get; }

    /// <summary>The table port.</summary>
    public int TablePort { get; }

    /// <summary>A storage connection string for all three services of this instance.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The connection string of an Azurite listening on these loopback ports.</summary>
    internal static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevelopmentAccount};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevelopmentAccount};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevelopmentAccount};";

    /// <summary>Starts Azurite and waits until all three services accept connections.</summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed, exits early, or does not start in time.</exception>
    public static async Task<AzuriteServer> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var executable = options.ExecutablePath ?? FindInstalledAzurite();
        var blobPort = options.BlobPort == 0 ? LoopbackPort.Free() : options.BlobPort;
        var queuePort = options.QueuePort == 0 ? LoopbackPort.Free() : options.QueuePort;
        var tablePort = options.TablePort == 0 ? LoopbackPort.Free() : options.TablePort;

        var startInfo = StartInfo(executable, options.DataDirectory, blobPort, queuePort, tablePort);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start Azurite at '{executable}'.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, blobPort, queuePort, tablePort, options.DataDirectory is not null);
        try
        {
            await WaitUntilListeningAsync(process, [blobPort, queuePort, tablePort], options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>How Azurite is started: loopback only, the given ports, on disk in <paramref name="dataDirectory"/> or in memory.</summary>
    internal static ProcessStartInfo StartInfo(string executable, string? dataDirectory, int blobPort, int queuePort, int tablePort)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        AzuriteParentWatch.Apply(startInfo);
        // Azurite refuses --location together with --inMemoryPersistence.
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(Path.GetFullPath(dataDirectory));
        }
        else
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }

        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>
    /// Stops the Azurite process and its children. With a data directory, Azurite is asked to stop first, so that it
    /// saves the writes of its last seconds (it saves every five); it is killed if it has not stopped within 15 seconds.
    /// </summary>
    /// <remarks>Azurite also stops by itself, the same way, when the process that started it exits or is killed.</remarks>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (persistent && !process.HasExited)
            {
                AzuriteParentWatch.RequestStop(process);
                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Held up (an open connection, say): killed below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // It did not exit in time; the OS reclaims it with the test process.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>
    /// Finds <c>eng/node_modules/.bin/azurite</c> by walking up from the current directory and from this assembly's
    /// directory, which covers test runs, <c>dotnet run</c>, and generated solutions.
    /// </summary>
    public static string FindInstalledAzurite()
    {
        var launcher = OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite";
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "eng", "node_modules", ".bin", launcher);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed. Run 'npm ci --prefix eng' from the repository root (the test and run scripts do this for you).");
    }

    /// <summary>Waits until an Azurite process accepts connections on each of <paramref name="ports"/>, or fails when it exits first.</summary>
    internal static async Task WaitUntilListeningAsync(Process process, IEnumerable<int> ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it was ready.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < timeout)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException exception)
                {
                    throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port} within {timeout}.", exception);
                }
            }
        }
    }
}
