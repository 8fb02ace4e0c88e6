using System.Reflection;

namespace AzureEventKit.Infra.Tests;

/// <summary>Paths inside the repository under test.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string Snapshots => Path.Combine(Infra, "snapshots");

    public static string TopologyFile => Path.Combine(Infra, "servicebus.topology.json");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every .bicep file under infra/, relative to the repository root with forward slashes.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } = Relative(Infra, "*.bicep");

    /// <summary>Every .bicepparam file under infra/ (one per snapshot parameter set).</summary>
    public static IReadOnlyList<string> BicepParamFiles { get; } = Relative(Infra, "*.bicepparam");

    public static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    private static List<string> Relative(string directory, string pattern) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, pattern, SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Contains("bin"))
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)]
            : [];

    private static string FindRoot()
    {
        // A copy of the repository's infra to run the same checks over (the snapshot update script's scratch tree).
        if (Environment.GetEnvironmentVariable("EVENTKIT_INFRA_ROOT") is { Length: > 0 } chosen)
        {
            return Path.GetFullPath(chosen);
        }

        var fromBuild = Metadata("RepositoryRoot");
        if (File.Exists(Path.Combine(fromBuild, "azure.yaml")) || Directory.Exists(Path.Combine(fromBuild, "infra")))
        {
            return Path.GetFullPath(fromBuild);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "infra")) && File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (a folder with infra/ and global.json).");
    }
}
