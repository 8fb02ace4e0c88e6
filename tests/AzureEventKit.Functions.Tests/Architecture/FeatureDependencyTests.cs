using System.Text.RegularExpressions;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Architecture;

/// <summary>
/// Keeps the feature folders of the Functions app from growing new seams. A feature may use the shared folders, the
/// contracts and the features it is listed with below, nothing else; a shared folder uses no feature. The check reads
/// the source, so it also catches a reference written without a <c>using</c> (a fully qualified name).
/// </summary>
public sealed partial class FeatureDependencyTests
{
    /// <summary>Infrastructure every feature may use; these use no feature themselves.</summary>
    private static readonly HashSet<string> SharedFolders = ["Configuration", "Http", "Identity", "Messaging", "Observability", "Storage"];

    /// <summary>
    /// Features every feature may use. Every subscriber, including the ones the subscriber item template adds, records the
    /// messages its subscription dead-letters through <c>DeadLetters</c>' recorder; <c>DeadLetters</c> uses no feature.
    /// </summary>
    private static readonly HashSet<string> OpenFeatures = ["DeadLetters"];

    /// <summary>Feature → the features it may use. Adding an entry is a design decision: say why next to it.</summary>
    private static readonly Dictionary<string, string[]> AllowedDependencies = new(StringComparer.Ordinal)
    {
#if (minimal)
        // GET reads the summary row that the minimal workflow alone writes; placement prices every line from the
        // catalogue, a plain domain service that knows nothing of orders.
        ["Orders"] = ["Catalog", "Fulfillment"],
#else
        // The saga orchestrates the domain services; they know nothing of it.
        ["Fulfillment"] = ["Inventory", "Payments", "Shipping"],
#endif
        // The starter starts the saga by its orchestration name.
        ["FulfillmentStart"] = ["Fulfillment"],
#if (!minimal)
        // Placement prices every line from the catalogue, a plain domain service that knows nothing of orders; GET reads
        // the read model that the projector alone writes.
        ["Orders"] = ["Catalog", "Projections"],
        // The provider's webhook checks the payment against the recorded authorization and raises the saga's event.
        ["PaymentWebhooks"] = ["Payments", "Fulfillment"],
#endif
    };

    [Fact]
    public void Features_ReferenceOnlyAllowedFeatures()
    {
        var features = FeatureSources.Load();
        var violations = new List<string>();
        foreach (var (feature, files) in features.Files)
        {
            string[] allowed = SharedFolders.Contains(feature) || OpenFeatures.Contains(feature)
                ? []
                : [.. AllowedDependencies.GetValueOrDefault(feature, []), .. OpenFeatures];
            foreach (var file in files)
            {
                foreach (var (other, type) in features.ReferencesFrom(feature, file))
                {
                    if (!allowed.Contains(other))
                    {
                        violations.Add($"{Path.GetRelativePath(features.Root, file)} uses {other}/{type}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, "Cross-feature references that the allowed list does not name:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void AllowedDependencies_NameExistingFeaturesWithoutCycles()
    {
        var features = FeatureSources.Load();
        foreach (var (feature, dependencies) in AllowedDependencies)
        {
            Assert.Contains(feature, features.Files.Keys);
            Assert.All(dependencies, dependency => Assert.Contains(dependency, features.Files.Keys));
        }

        // The graph stays acyclic: a newcomer adding a step touches one folder.
        foreach (var start in AllowedDependencies.Keys)
        {
            Assert.False(Reaches(AllowedDependencies, start, start, []), $"The allowed dependencies form a cycle through {start}.");
        }
    }

    private static bool Reaches(Dictionary<string, string[]> graph, string from, string target, HashSet<string> seen)
    {
        foreach (var next in graph.GetValueOrDefault(from, []))
        {
            if (next == target || (seen.Add(next) && Reaches(graph, next, target, seen)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The app's source, folder by folder, and the type names each folder declares.</summary>
    private sealed partial class FeatureSources
    {
        private readonly Dictionary<string, string> declaringFolder = new(StringComparer.Ordinal);

        private FeatureSources(string root)
        {
            Root = root;
            foreach (var folder in Directory.GetDirectories(root).Where(path => Path.GetFileName(path) is not ("bin" or "obj" or "Properties")))
            {
                var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
                Files[Path.GetFileName(folder)] = files;
                foreach (var file in files)
                {
                    foreach (Match declaration in DeclarationPattern().Matches(Code(file)))
                    {
                        declaringFolder.TryAdd(declaration.Groups["name"].Value, Path.GetFileName(folder));
                    }
                }
            }
        }

        public string Root { get; }

        public Dictionary<string, string[]> Files { get; } = new(StringComparer.Ordinal);

        public static FeatureSources Load() => new(Repository.PathOf("src", "AzureEventKit.Functions"));

        /// <summary>(other folder, type name) for every identifier in <paramref name="file"/> that another folder declares.</summary>
        public IEnumerable<(string Folder, string Type)> ReferencesFrom(string feature, string file) =>
            IdentifierPattern().Matches(Code(file))
                .Select(match => match.Value)
                .Distinct(StringComparer.Ordinal)
                .Where(name => declaringFolder.TryGetValue(name, out var folder) && folder != feature && !SharedFolders.Contains(folder))
                .Select(name => (declaringFolder[name], name));

        /// <summary>The file without comments and string literals, which may name anything.</summary>
        private static string Code(string file) => NoisePattern().Replace(File.ReadAllText(file), " ");

        [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)")]
        private static partial Regex DeclarationPattern();

        [GeneratedRegex(@"\b[A-Z]\w*\b")]
        private static partial Regex IdentifierPattern();

        [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@?\$?""(?:[^""\\\n]|\\.)*""", RegexOptions.Singleline)]
        private static partial Regex NoisePattern();
    }
}
