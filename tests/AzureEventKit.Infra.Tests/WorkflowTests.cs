#if (!skipGithub)
// `dotnet new eventkit --skip-github` drops .github/ and, with it, these tests.
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AzureEventKit.Infra.Tests;

/// <summary>The GitHub workflows: tests gate deployment, and nothing runs on a retired runtime.</summary>
public sealed partial class WorkflowTests
{
    /// <summary>
    /// The first major of each action that runs on Node.js 24 (GitHub retired Node.js 20 for actions in 2026).
    /// Dependabot may move past these; it must never go below them.
    /// </summary>
    private static readonly Dictionary<string, int> MinimumMajors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["actions/checkout"] = 5,
        ["actions/setup-dotnet"] = 5,
        ["actions/setup-node"] = 5,
        ["actions/upload-artifact"] = 6,
        ["Azure/setup-azd"] = 2,
    };

    public static TheoryData<string> Workflows() =>
        [.. Directory.GetFiles(Repository.PathOf(".github", "workflows"), "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_EveryAction_IsAKnownActionAtANode24Major(string workflow)
    {
        var uses = UsesLine().Matches(File.ReadAllText(Repository.PathOf(".github", "workflows", workflow)));

        Assert.NotEmpty(uses);
        foreach (Match use in uses)
        {
            var action = use.Groups["action"].Value;
            Assert.True(MinimumMajors.TryGetValue(action, out var minimum), $"{workflow}: {action} is not in the table of known actions; add its first Node.js 24 major");
            Assert.True(int.Parse(use.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) >= minimum, $"{workflow}: {action}@v{use.Groups["major"].Value} runs on a retired Node.js; use v{minimum} or later");
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_NodeVersion_IsASupportedLts(string workflow)
    {
        foreach (Match version in NodeVersion().Matches(File.ReadAllText(Repository.PathOf(".github", "workflows", workflow))))
        {
            var major = int.Parse(version.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(major >= 22 && major % 2 == 0, $"{workflow}: Node.js {major} is not a supported LTS line");
        }
    }

    [Fact]
    public void AzureDev_DeployJob_RunsOnlyAfterTheTestCommandPasses()
    {
        var jobs = (YamlMappingNode)Load("azure-dev.yml").Children[new YamlScalarNode("jobs")];
        var deploy = (YamlMappingNode)jobs.Children[new YamlScalarNode("deploy")];
        var test = (YamlMappingNode)jobs.Children[new YamlScalarNode("test")];

        Assert.Equal("test", deploy.Children[new YamlScalarNode("needs")].ToString());
        var steps = (YamlSequenceNode)test.Children[new YamlScalarNode("steps")];
        Assert.Contains(steps.Children.OfType<YamlMappingNode>(), s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) && run.ToString() == "bash eng/test.sh");
    }

    [Fact]
    public void AzureDev_Paths_IncludeEverythingThatChangesTheDeployedApp()
    {
        var on = (YamlMappingNode)Load("azure-dev.yml").Children[new YamlScalarNode("on")];
        var push = (YamlMappingNode)on.Children[new YamlScalarNode("push")];
        var paths = ((YamlSequenceNode)push.Children[new YamlScalarNode("paths")]).Children.Select(p => p.ToString()).ToList();

        string[] expected = ["src/**", "infra/**", "eng/**", "azure.yaml", "Directory.*.props", "global.json"];
        Assert.All(expected, path => Assert.Contains(path, paths));
    }

    private static YamlMappingNode Load(string workflow)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Repository.PathOf(".github", "workflows", workflow)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"uses:\s*(?<action>[\w.-]+/[\w.-]+)@v(?<major>\d+)")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"node-version:\s*""?(?<major>\d+)")]
    private static partial Regex NodeVersion();
}
#endif
