using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The run command (<c>AzureEventKit.Local</c>, as built beside these tests) in a process of its own, headless: no
/// dashboard, its endpoints read from <c>--ready-file</c>. A test can kill it as a crash would, and start it again.
/// </summary>
internal sealed class RunCommandProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private readonly int azuriteProcessId;
    private readonly string logPath;

    private RunCommandProcess(Process process, ConcurrentQueue<string> output, string logPath, JsonElement ready)
    {
        this.process = process;
        this.output = output;
        this.logPath = logPath;
        Functions = new Uri(ready.GetProperty("functions").GetString()!);
        FunctionKey = ready.GetProperty("functionKey").GetString()!;
        Storage = ready.GetProperty("storage").GetString()!;
        azuriteProcessId = ready.GetProperty("azuriteProcessId").GetInt32();
    }

    /// <summary>Writes everything the process wrote to a file in the temp directory and returns its path, for a failure message.</summary>
    public string SaveOutput()
    {
        File.WriteAllLines(logPath, output);
        return logPath;
    }


    public Uri Functions { get; }

    public string FunctionKey { get; }

    /// <summary>Azurite's connection string.</summary>
    public string Storage { get; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    /// <remarks>Request logs of order reads (the tests poll) are left out, so that what else happened shows.</remarks>
    public string OutputTail => string.Join(Environment.NewLine, output.Where(l => !l.Contains("'GetOrder'", StringComparison.Ordinal)).TakeLast(80));

    /// <summary>Starts the run command with <paramref name="arguments"/> and waits (at most <paramref name="timeout"/>) until it has written its ready file.</summary>
    public static async Task<RunCommandProcess> StartAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var readyFile = Path.Combine(Path.GetTempPath(), $"eventkit-ready-{Guid.NewGuid():N}.json");
        var dll = RunCommandDll();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments.Concat(["--no-dashboard", "--ready-file", readyFile]))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the run command.");
        var lines = new ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
                while (lines.Count > 50_000 && lines.TryDequeue(out _))
                {
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!File.Exists(readyFile))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The run command exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
                }

                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The run command was not ready within {timeout}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        var ready = JsonDocument.Parse(await File.ReadAllTextAsync(readyFile, cancellationToken)).RootElement;
        File.Delete(readyFile);
        return new RunCommandProcess(process, lines, Path.ChangeExtension(readyFile, ".log"), ready);
    }

    /// <summary>
    /// Kills the run command's own process (SIGKILL: no shutdown code runs, as in a crash) and waits, at most
    /// <paramref name="timeout"/>, until the Azurite it started has saved its data and exited too, as it does when its
    /// parent dies, so that the next Azurite over the same directory reads everything and nobody writes behind it.
    /// </summary>
    public async Task KillAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (IsRunning(azuriteProcessId))
        {
            await Task.Delay(100, deadline.Token);
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
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var found = Process.GetProcessById(processId);
            return !found.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The run command built in this test build's configuration: <c>src/AzureEventKit.Local/bin/{Configuration}/{tfm}/</c>.</summary>
    private static string RunCommandDll()
    {
        // This assembly sits in tests/<project>/bin/<Configuration>/<tfm>/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        for (var directory = configuration.Parent; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "AzureEventKit.Local", "bin", configuration.Name, tfm.Name, "AzureEventKit.Local.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The run command is not built: build src/AzureEventKit.Local in {configuration.Name} first.");
    }
}
