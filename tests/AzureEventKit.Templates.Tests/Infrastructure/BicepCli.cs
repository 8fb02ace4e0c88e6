using System.Runtime.InteropServices;

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>
/// The real Bicep CLI: BICEP_PATH, else the binary restored by this project's PackageDownload
/// (Azure.Bicep.CommandLine.linux-x64), else `bicep` on PATH.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>Runs `bicep build` on <paramref name="bicepFile"/>, writing the ARM template to <paramref name="outputFile"/>.</summary>
    public static async Task<ProcessResult> BuildAsync(string bicepFile, string outputFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!);
        var result = await ProcessRunner.RunAsync(
            Executable.Value,
            ["build", bicepFile, "--outfile", outputFile],
            Path.GetDirectoryName(bicepFile)!,
            new Dictionary<string, string?> { ["BICEP_TELEMETRY_ENABLED"] = "false", ["NO_COLOR"] = "1" },
            TimeSpan.FromMinutes(3));
        return result;
    }

    /// <summary>
    /// Runs `bicep snapshot` on <paramref name="parametersFile"/> (a .bicepparam), predicting every resource offline for
    /// fixed subscription, tenant and region; the prediction lands beside it as &lt;name&gt;.snapshot.json.
    /// </summary>
    public static Task<ProcessResult> SnapshotAsync(string parametersFile) =>
        ProcessRunner.RunAsync(
            Executable.Value,
            [
                "snapshot", parametersFile, "--mode", "overwrite",
                "--subscription-id", "00000000-0000-0000-0000-000000000000",
                "--tenant-id", "22222222-2222-2222-2222-222222222222",
                "--location", "westeurope",
            ],
            Path.GetDirectoryName(parametersFile)!,
            new Dictionary<string, string?> { ["BICEP_TELEMETRY_ENABLED"] = "false", ["NO_COLOR"] = "1" },
            TimeSpan.FromMinutes(3));

    private static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"BICEP_PATH points at a missing file: {explicitPath}");
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64)
        {
            var packageRoot = Repository.Metadata("NuGetPackageRoot");
            if (string.IsNullOrEmpty(packageRoot))
            {
                packageRoot = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }

            var restored = Path.Combine(packageRoot, "azure.bicep.commandline.linux-x64", Repository.Metadata("BicepCliVersion"), "tools", "bicep");
            if (File.Exists(restored))
            {
                if (!File.GetUnixFileMode(restored).HasFlag(UnixFileMode.UserExecute))
                {
                    File.SetUnixFileMode(restored, File.GetUnixFileMode(restored) | UnixFileMode.UserExecute);
                }

                return restored;
            }
        }

        var name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No Bicep CLI: set BICEP_PATH, restore Azure.Bicep.CommandLine.linux-x64, or put bicep on PATH.");
    }
}
