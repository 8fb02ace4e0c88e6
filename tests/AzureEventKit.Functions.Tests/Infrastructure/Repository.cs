using System.Diagnostics;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>The repository the tests run in, and the tools they run over it as separate processes.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The folder holding AzureEventKit.sln.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>A path under the repository root, given by its segments.</summary>
    public static string PathOf(params string[] segments) => Path.Combine([Root, .. segments]);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> from the repository root and returns its exit code
    /// and everything it wrote; bounded by <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, Action<ProcessStartInfo>? configure = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        configure?.Invoke(startInfo);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AzureEventKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (AzureEventKit.sln not found above " + AppContext.BaseDirectory + ").");
    }
}
