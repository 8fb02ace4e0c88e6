using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace AzureEventKit.Infra.Tests;

/// <summary>What one Bicep CLI invocation printed.</summary>
internal sealed record BicepResult(string Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Compiler (BCPxxx) and linter diagnostics at any level. The CLI reports type errors on known API versions as
    /// warnings and still exits 0, so zero diagnostics is checked on the text, not the exit code.
    /// </summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. $"{StandardOutput}\n{StandardError}".Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DiagnosticLine().IsMatch(l))];

    public override string ToString() =>
        $"bicep {Arguments} (exit {ExitCode})\n--- stdout ---\n{Truncate(StandardOutput)}\n--- stderr ---\n{Truncate(StandardError)}";

    private static string Truncate(string text) => text.Length > 4000 ? text[..4000] + "…" : text;

    private static Regex DiagnosticLine() => DiagnosticPattern;

    private static readonly Regex DiagnosticPattern = new(@"\(\d+,\d+\)\s*:\s*(Error|Warning|Info)\s", RegexOptions.Compiled);
}

/// <summary>
/// Runs the real Bicep CLI: BICEP_PATH, else the binary restored from the Azure.Bicep.CommandLine.linux-x64 package
/// (PackageDownload in the project), else `bicep` on PATH. Identical invocations run once per test run, and at
/// most <see cref="Parallelism"/> run at a time so the suite stays fast on two cores without starving them.
/// </summary>
internal static class BicepCli
{
    public static readonly int Parallelism = Math.Max(2, Environment.ProcessorCount);

    private static readonly SemaphoreSlim Gate = new(Parallelism);
    private static readonly ConcurrentDictionary<string, Lazy<Task<BicepResult>>> Runs = new();
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    /// <summary>Runs (once) `bicep &lt;args&gt;` in <paramref name="workingDirectory"/>.</summary>
    public static Task<BicepResult> RunAsync(string workingDirectory, params string[] args)
    {
        var key = $"{workingDirectory}|{string.Join('\u001f', args)}";
        return Runs.GetOrAdd(key, _ => new Lazy<Task<BicepResult>>(() => StartAsync(workingDirectory, args))).Value;
    }

    private static async Task<BicepResult> StartAsync(string workingDirectory, string[] args)
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var info = new ProcessStartInfo(Path)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            // Offline and quiet: no telemetry, no colour codes in what we parse.
            info.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
            info.Environment["NO_COLOR"] = "1";

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Path}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within 5 minutes.");
            }

            return new BicepResult(string.Join(' ', args), process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"BICEP_PATH points at a missing file: {explicitPath}");
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64)
        {
            var version = Repository.Metadata("BicepCliVersion");
            var packageRoot = Repository.Metadata("NuGetPackageRoot");
            if (string.IsNullOrEmpty(packageRoot))
            {
                packageRoot = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }

            var restored = System.IO.Path.Combine(packageRoot, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
            if (File.Exists(restored))
            {
                EnsureExecutable(restored);
                return restored;
            }
        }

        var name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "No Bicep CLI: restore this project on linux-x64 (it downloads Azure.Bicep.CommandLine.linux-x64), put bicep on PATH, or set BICEP_PATH.");
    }

    private static void EnsureExecutable(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(file);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(file, mode | execute);
            }
        }
    }
}
