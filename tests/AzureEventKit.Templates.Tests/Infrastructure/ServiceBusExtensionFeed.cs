using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>
/// Whether the NuGet feed serves the real Service Bus worker extension, found once per test run the way eng/test.sh finds
/// it: restore a project that references the real package (at the version Directory.Packages.props pins), and take the
/// compile-time contract only when that restore fails with NU1101 for exactly that package id. Any other restore failure
/// stops the run, because guessing would build the generated solutions against the wrong thing.
/// </summary>
internal static partial class ServiceBusExtensionFeed
{
    public const string PackageId = "Microsoft.Azure.Functions.Worker.Extensions.ServiceBus";

    private const string ContractVariable = "EventKitServiceBusContract";

    private static readonly Lazy<Task<bool>> Served = new(ProbeAsync);

    /// <summary>True when the feed serves <see cref="PackageId"/>; false when restore fails with NU1101 for it alone.</summary>
    public static Task<bool> ServesRealPackageAsync() => Served.Value;

    /// <summary>
    /// The EventKitServiceBusContract value generated solutions build with: the caller's own setting when it has one
    /// (eng/test.sh exports it after its own probe), else "true" exactly when the feed lacks the real package.
    /// </summary>
    public static async Task<string> ContractSettingAsync() =>
        Environment.GetEnvironmentVariable(ContractVariable) is { Length: > 0 } explicitSetting
            ? explicitSetting
            : await ServesRealPackageAsync() ? "false" : "true";

    private static async Task<bool> ProbeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"eventkit-servicebus-probe-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        try
        {
            // Empty Directory.*.props stop MSBuild from importing anything above the temp folder.
            await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Build.props"), "<Project />");
            await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
            await File.WriteAllTextAsync(
                Path.Combine(folder, "Probe.csproj"),
                $"""
                 <Project Sdk="Microsoft.NET.Sdk">
                   <PropertyGroup>
                     <TargetFramework>net10.0</TargetFramework>
                   </PropertyGroup>
                   <ItemGroup>
                     <PackageReference Include="{PackageId}" Version="{PinnedVersion()}" />
                   </ItemGroup>
                 </Project>
                 """);
            var environment = DotNetCli.ChildEnvironment();
            environment[ContractVariable] = null;
            return ServedAccordingTo(await ProcessRunner.RunAsync("dotnet", ["restore", "Probe.csproj", "-nodeReuse:false"], folder, environment, TimeSpan.FromMinutes(5)));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A restore process may still hold a file for a moment; the folder is under the temp path.
            }
        }
    }

    /// <summary>
    /// Reads the probe's restore as eng/test.sh reads its own: success means the feed serves the package; a failure whose
    /// only NU1101 names exactly <see cref="PackageId"/> means it does not; anything else is an error.
    /// </summary>
    internal static bool ServedAccordingTo(ProcessResult restore)
    {
        if (restore.Succeeded)
        {
            return true;
        }

        var missing = MissingPackage().Matches(restore.Output).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        return missing is [PackageId]
            ? false
            : throw new InvalidOperationException($"Restoring {PackageId} failed for a reason other than the feed lacking it (NU1101).\n{restore}");
    }

    private static string PinnedVersion() =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == PackageId)
            .Attribute("Version")!.Value;

    [GeneratedRegex(@"NU1101: Unable to find package (\S+?)\.?\s")]
    private static partial Regex MissingPackage();
}
