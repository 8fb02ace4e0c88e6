using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>
/// The Bicep invocations the tests assert on, started together on first use so they overlap.
/// Golden snapshots: `UPDATE_SNAPSHOTS=1 dotnet test --project tests/AzureEventKit.Infra.Tests` rewrites
/// infra/snapshots/*.snapshot.json (or run infra/snapshots/update.sh); otherwise Snapshot_MatchesItsGoldenFile
/// compares them with the current prediction, and every other test asserts on the current prediction.
/// </summary>
internal static class InfraRuns
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    public const string TenantId = "22222222-2222-2222-2222-222222222222";
    public const string Location = "westeurope";

    /// <summary>The parameter sets the issue requires, each infra/snapshots/&lt;name&gt;.bicepparam.</summary>
    public static readonly string[] RequiredParameterSets = ["default", "vnet-premium", "always-ready"];

    public static bool UpdateSnapshots =>
        Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") is "1" or "true" or "True";

    public static IReadOnlyList<string> ParameterSets { get; } =
        [.. Repository.BicepParamFiles
            .Where(f => f.StartsWith("infra/snapshots/", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))];

    // One CLI process builds (and one lints) every file: each start costs about a second of CPU.
    private const string AllBicepFiles = "infra/**/*.bicep";

    private static readonly string BuildOutput = Path.Combine(AppContext.BaseDirectory, "bicep-build");

    private static readonly string[] BuildAllArguments = ["build", "--pattern", AllBicepFiles, "--outdir", BuildOutput];

    private static readonly string[] LintAllArguments = ["lint", "--pattern", AllBicepFiles];

    private static readonly Lazy<bool> Started = new(() =>
    {
        // Snapshots first: every snapshot-based test waits on them.
        foreach (var set in ParameterSets)
        {
            _ = RawSnapshot(set);
        }

        if (Directory.Exists(BuildOutput))
        {
            Directory.Delete(BuildOutput, recursive: true);
        }

        _ = RawRun(BuildAllArguments);
        _ = RawRun(LintAllArguments);

        foreach (var file in Repository.BicepParamFiles)
        {
            _ = RawRun("build-params", file, "--stdout");
        }

        return true;
    });

    /// <summary>`bicep build` of every file: the run, this file's diagnostics, and its compiled JSON (null when none was written).</summary>
    public static async Task<(BicepResult Run, IReadOnlyList<string> Diagnostics, string? Json)> Build(string file)
    {
        var run = await Run(BuildAllArguments);
        var compiled = Path.Combine(BuildOutput, Path.ChangeExtension(Path.GetRelativePath("infra", file), ".json"));
        return (run, DiagnosticsOf(run, file), File.Exists(compiled) ? await File.ReadAllTextAsync(compiled) : null);
    }

    /// <summary>`bicep lint` of every file: the run and this file's diagnostics.</summary>
    public static async Task<(BicepResult Run, IReadOnlyList<string> Diagnostics)> Lint(string file)
    {
        var run = await Run(LintAllArguments);
        return (run, DiagnosticsOf(run, file));
    }

    private static List<string> DiagnosticsOf(BicepResult run, string file)
    {
        var fullPath = Path.GetFullPath(Repository.PathOf(file));
        return [.. run.Diagnostics.Where(d => d.StartsWith(fullPath + "(", StringComparison.Ordinal))];
    }

    public static Task<BicepResult> BuildParams(string file) => Run("build-params", file, "--stdout");

    /// <summary>
    /// `bicep snapshot` of a parameter set as the infra is now. It runs on a copy of infra/snapshots/&lt;set&gt;.bicepparam
    /// in the test output folder, so the golden file in the repository is only read (or rewritten on UPDATE_SNAPSHOTS).
    /// </summary>
    public static Task<BicepResult> Snapshot(string set)
    {
        _ = Started.Value;
        return RawSnapshot(set);
    }

    private static readonly string CurrentSnapshots = Path.Combine(AppContext.BaseDirectory, "current-snapshots");

    private static Task<BicepResult> RawSnapshot(string set)
    {
        Directory.CreateDirectory(CurrentSnapshots);
        var usingPath = Path.GetRelativePath(CurrentSnapshots, Path.Combine(Repository.Infra, "main.bicep")).Replace('\\', '/');
        var parameters = File.ReadAllText(Path.Combine(Repository.Snapshots, $"{set}.bicepparam"))
            .Replace("using '../main.bicep'", $"using '{usingPath}'", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(CurrentSnapshots, $"{set}.bicepparam"), parameters);
        return BicepCli.RunAsync(
            CurrentSnapshots,
            "snapshot", $"{set}.bicepparam",
            "--mode", "overwrite",
            "--subscription-id", SubscriptionId,
            "--tenant-id", TenantId,
            "--location", Location);
    }

    /// <summary>The compiled ARM template of infra/main.bicep (modules inlined).</summary>
    public static async Task<JsonObject> MainTemplate()
    {
        var (run, _, json) = await Build("infra/main.bicep");
        Assert.True(json is not null, run.ToString());
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>The predicted deployment of a parameter set as the infra is now (keys sorted).</summary>
    public static async Task<SnapshotDocument> LoadSnapshot(string set)
    {
        var result = await Snapshot(set);
        Assert.True(result.ExitCode == 0, $"bicep snapshot failed for {set}\n{result}");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CurrentSnapshots, $"{set}.snapshot.json")))!;
        return new SnapshotDocument(set, Canonical(json)!.AsObject());
    }

    public static string GoldenPath(string set) => Path.Combine(Repository.Snapshots, $"{set}.snapshot.json");

    /// <summary>
    /// The same JSON with object keys sorted. The CLI writes outputs in no fixed order, so goldens are stored sorted
    /// and compared as data; `bicep snapshot --mode validate` accepts them as they are.
    /// </summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };

    public static async Task<IReadOnlyList<SnapshotDocument>> LoadAllSnapshots()
    {
        Assert.Superset(RequiredParameterSets.ToHashSet(), ParameterSets.ToHashSet());
        return await Task.WhenAll(ParameterSets.Select(LoadSnapshot));
    }

    private static Task<BicepResult> Run(params string[] args)
    {
        _ = Started.Value;
        return RawRun(args);
    }

    private static Task<BicepResult> RawRun(params string[] args) => BicepCli.RunAsync(Repository.Root, args);
}
