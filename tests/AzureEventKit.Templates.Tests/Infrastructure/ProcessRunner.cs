using System.Diagnostics;
using System.Text;

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>What one child process did: its command line, exit code, interleaved output and duration.</summary>
public sealed record ProcessResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"$ {CommandLine}\n  (in {WorkingDirectory}, exit {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Tail(Output)}";

    private static string Tail(string text) => text.Length > 12_000 ? "…" + text[^12_000..] : text;
}

/// <summary>Runs a child process to completion, capturing stdout and stderr together, and kills it on timeout.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var commandLine = $"{fileName} {string.Join(' ', info.ArgumentList.Select(Quote))}";
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {commandLine}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"Timed out after {stopwatch.Elapsed.TotalSeconds:F0} s: {commandLine}\n{output}");
        }

        // The parameterless wait drains the asynchronous output readers.
        process.WaitForExit();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new ProcessResult(commandLine, workingDirectory, process.ExitCode, text, stopwatch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Quote(string argument) =>
        argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? $"\"{argument}\"" : argument;
}
