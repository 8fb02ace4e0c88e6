using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EventKit.ServiceBus.Emulator.Bench;

/// <summary>
/// The emulator as users run it: the <c>eventkit-sb-emulator</c> command in its own process (built beside this bench),
/// on loopback with a free port, loaded from a topology file. The SDK talks to it from this process, so every frame
/// crosses a real socket between two runtimes, as it does for an app and a locally running emulator.
/// </summary>
internal sealed partial class EmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly string topologyFile;

    private EmulatorProcess(Process process, string topologyFile, string connectionString)
    {
        this.process = process;
        this.topologyFile = topologyFile;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string the command printed when it was ready.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts the command with <paramref name="topologyJson"/> and waits for its ready line.</summary>
    public static async Task<EmulatorProcess> StartAsync(string topologyJson)
    {
        var command = Path.Combine(AppContext.BaseDirectory, "eventkit-sb-emulator.dll");
        if (!File.Exists(command))
        {
            throw new FileNotFoundException("The emulator command was not built beside the bench; build the bench project (it references the command).", command);
        }

        var topologyFile = Path.Combine(Path.GetTempPath(), $"eventkit-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(topologyFile, topologyJson);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { command, "--config", topologyFile, "--port", "0", "--inspection-port", "-1", "--log-level", "Information" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the emulator command.");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => Watch(line.Data);
        process.ErrorDataReceived += (_, line) => Watch(line.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The emulator command exited with {process.ExitCode}: {string.Join(Environment.NewLine, output)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var connectionString = await ready.Task.WaitAsync(StartTimeout);
            return new EmulatorProcess(process, topologyFile, connectionString);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            File.Delete(topologyFile);
            throw;
        }

        void Watch(string? line)
        {
            if (line is null)
            {
                return;
            }

            // Kept only until the ready line arrives, for the error message of a command that fails to start.
            if (!ready.Task.IsCompleted)
            {
                output.Enqueue(line);
            }

            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(match.Groups["connection"].Value);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        File.Delete(topologyFile);
    }

    [GeneratedRegex(@"Connection string: (?<connection>Endpoint=\S+)")]
    private static partial Regex ReadyLine();
}
