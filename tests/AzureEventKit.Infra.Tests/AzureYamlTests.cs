using System.Xml.Linq;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AzureEventKit.Infra.Tests;

/// <summary>azure.yaml parses, and what it points at exists and is what azd expects.</summary>
public sealed class AzureYamlTests
{
    public sealed class AzureYaml
    {
        public string? Name { get; set; }
        public Dictionary<string, string>? Metadata { get; set; }
        public InfraSection? Infra { get; set; }
        public Dictionary<string, Service>? Services { get; set; }
        public Dictionary<string, Hook>? Hooks { get; set; }
        public PipelineSection? Pipeline { get; set; }
    }

    public sealed class InfraSection
    {
        public string? Provider { get; set; }
        public string? Path { get; set; }
        public string? Module { get; set; }
    }

    public sealed class Service
    {
        public string? Project { get; set; }
        public string? Language { get; set; }
        public string? Host { get; set; }
    }

    public sealed class Hook
    {
        public HookCommand? Posix { get; set; }
        public HookCommand? Windows { get; set; }
    }

    public sealed class HookCommand
    {
        public string? Shell { get; set; }
        public string? Run { get; set; }
    }

    public sealed class PipelineSection
    {
        public string? Provider { get; set; }
        public List<string>? Variables { get; set; }
    }

    private static AzureYaml Load() =>
        new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<AzureYaml>(File.ReadAllText(Repository.PathOf("azure.yaml")));

    [Fact]
    public void AzureYaml_Parses_WithNameTemplateAndBicepInfra()
    {
        var yaml = Load();

        Assert.False(string.IsNullOrWhiteSpace(yaml.Name));
        Assert.False(string.IsNullOrWhiteSpace(yaml.Metadata?["template"]));
        Assert.Equal("bicep", yaml.Infra?.Provider);
        Assert.True(File.Exists(Repository.PathOf(yaml.Infra!.Path!, $"{yaml.Infra.Module}.bicep")));
        Assert.True(File.Exists(Repository.PathOf(yaml.Infra.Path!, $"{yaml.Infra.Module}.parameters.json")));
    }

    [Fact]
    public void ApiService_PointsAtAFunctionsProject_AsADotnetFunctionHost()
    {
        var api = Load().Services?["api"];

        Assert.NotNull(api);
        Assert.Equal("dotnet", api.Language);
        Assert.Equal("function", api.Host);
        var projectDirectory = Repository.PathOf(api.Project!.TrimStart('.', '/'));
        Assert.True(Directory.Exists(projectDirectory), $"{api.Project} does not exist");
        var csproj = Assert.Single(Directory.GetFiles(projectDirectory, "*.csproj"));
        var project = XDocument.Load(csproj);
        var packages = project.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include")).ToList();
        Assert.Contains("Microsoft.Azure.Functions.Worker.Sdk", packages);
        Assert.Contains("Microsoft.Azure.Functions.Worker", packages);
        Assert.Equal("v4", project.Descendants("AzureFunctionsVersion").Select(e => e.Value).SingleOrDefault());
    }

    [Fact]
    public void ApiService_IsTheAppTheBicepTagsForAzd()
    {
        var mainBicep = File.ReadAllText(Path.Combine(Repository.Infra, "main.bicep"));

        Assert.Contains("api", Load().Services!.Keys);
        Assert.Contains("'azd-service-name': 'api'", mainBicep, StringComparison.Ordinal);
    }

    [Fact]
    public void PostprovisionHook_HasShAndPwshScripts_ThatExist()
    {
        var hook = Load().Hooks?["postprovision"];

        Assert.NotNull(hook);
        Assert.Equal("sh", hook.Posix?.Shell);
        Assert.Equal("pwsh", hook.Windows?.Shell);
        Assert.True(File.Exists(Repository.PathOf(hook.Posix!.Run!)), hook.Posix.Run);
        Assert.True(File.Exists(Repository.PathOf(hook.Windows!.Run!)), hook.Windows.Run);
    }

#if (!skipGithub)
    // `dotnet new eventkit --skip-github` drops .github/ and, with it, this test.
    [Fact]
    public void Pipeline_IsGitHub_WithAnOidcWorkflow()
    {
        var pipeline = Load().Pipeline;
        var workflow = File.ReadAllText(Repository.PathOf(".github", "workflows", "azure-dev.yml"));

        Assert.Equal("github", pipeline?.Provider);
        Assert.Contains("id-token: write", workflow, StringComparison.Ordinal);
        Assert.Contains("--federated-credential-provider github", workflow, StringComparison.Ordinal);
        Assert.DoesNotContain("client-secret", workflow, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secrets.", workflow, StringComparison.Ordinal);
        var parsed = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(workflow);
        Assert.Contains("jobs", parsed.Keys);
        Assert.All(pipeline!.Variables ?? [], v => Assert.Contains($"vars.{v}", workflow, StringComparison.Ordinal));
    }
#endif
}
