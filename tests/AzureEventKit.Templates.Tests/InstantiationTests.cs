using System.Text.Json.Nodes;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// What `dotnet new eventkit` writes, checked without building: names in every form, option defaults in infra,
/// dropped folders and compiled Bicep. Building and testing generated solutions is in <see cref="GeneratedSolutionTests"/>.
/// </summary>
public sealed class InstantiationTests(TemplateHive hive)
{
    [Fact]
    public async Task DottedName_Defaults_KeepsDotsInProjectsAndNamespacesAndLeavesNoTemplateName()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders", "--no-restore");

        Assert.True(File.Exists(solution.SolutionFile));
        Assert.True(File.Exists(solution.PathOf("src/Contoso.Orders.Functions/Contoso.Orders.Functions.csproj")));
        Assert.Contains("namespace Contoso.Orders.Functions", solution.Read("src/Contoso.Orders.Functions/OrderWorkflowServiceCollectionExtensions.cs"), StringComparison.Ordinal);
        Assert.Contains("name: contoso-orders", solution.Read("azure.yaml"), StringComparison.Ordinal);
        Assert.Contains("\"hubName\": \"ContosoOrdersHub\"", solution.Read("src/Contoso.Orders.Functions/host.json"), StringComparison.Ordinal);
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", solution.Read("Directory.Build.props"), StringComparison.Ordinal);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }

    [Fact]
    public async Task DottedName_Defaults_CarriesDevEnvironmentLicenceAndWorkflowsUnderTheUsersNames()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders", "--no-restore");

        string[] carried =
        [
            ".devcontainer/devcontainer.json", ".vscode/launch.json", ".vscode/tasks.json", ".vscode/extensions.json",
            "LICENSE", ".github/workflows/ci.yml", ".github/workflows/azure-dev.yml", ".github/dependabot.yml",
        ];
        Assert.All(carried, file => Assert.True(File.Exists(solution.PathOf(file)), $"{file} is missing"));

        // What the launch and task settings point at exists under the user's names.
        var launch = solution.Read(".vscode/launch.json");
        Assert.Contains("/src/Contoso.Orders.Local/bin/Debug/net10.0/Contoso.Orders.Local.dll", launch, StringComparison.Ordinal);
        Assert.True(File.Exists(solution.PathOf("src/Contoso.Orders.Local/Contoso.Orders.Local.csproj")));
        Assert.Contains("${workspaceFolder}/Contoso.Orders.sln", solution.Read(".vscode/tasks.json"), StringComparison.Ordinal);
        foreach (var project in new[] { "Contoso.Orders.Functions.Tests", "Contoso.Orders.EndToEnd.Tests", "Contoso.Orders.Infra.Tests" })
        {
            Assert.Contains($"\"{project}\"", launch, StringComparison.Ordinal);
            Assert.True(File.Exists(solution.PathOf($"tests/{project}/{project}.csproj")), project);
        }

        // The MIT notice keeps naming the template's authors; azd keeps naming the template it came from.
        var licence = solution.Read("LICENSE");
        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
        Assert.Contains("the AzureEventKit contributors", licence, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  template: eventkit@\d+\.\d+\.\d+", solution.Read("azure.yaml"));

        // The template's own project files stay behind: they describe AzureEventKit, not the user's application.
        string[] repositoryOnly = [".github/workflows/release.yml", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md", "eng/packaging"];
        Assert.All(repositoryOnly, path => Assert.False(File.Exists(solution.PathOf(path)) || Directory.Exists(solution.PathOf(path)), $"{path} was generated"));

        // The repository's sample switch (-p:EventKitSample) imports from templates/, which is never generated.
        Assert.DoesNotContain("templates/sample", solution.Read("Directory.Build.props"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HyphenatedName_Defaults_UsesPascalCaseForCodeAndKebabCaseForAzd()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "my-app", "--no-restore");

        Assert.Equal("MyApp", solution.CodeName);
        Assert.True(File.Exists(solution.PathOf("MyApp.sln")));
        Assert.True(File.Exists(solution.PathOf("src/MyApp.Functions/MyApp.Functions.csproj")));
        Assert.True(File.Exists(solution.PathOf("tests/MyApp.Functions.Tests/MyApp.Functions.Tests.csproj")));
        Assert.Contains("namespace MyApp.Functions", solution.Read("src/MyApp.Functions/OrderWorkflowServiceCollectionExtensions.cs"), StringComparison.Ordinal);
        Assert.Contains("<RootNamespace>MyApp.Functions</RootNamespace>", solution.Read("src/MyApp.Functions/MyApp.Functions.csproj"), StringComparison.Ordinal);
        Assert.Contains("name: my-app", solution.Read("azure.yaml"), StringComparison.Ordinal);
        Assert.Contains("project: ./src/MyApp.Functions", solution.Read("azure.yaml"), StringComparison.Ordinal);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }

    [Fact]
    public async Task InfraOptions_VnetPremiumAlwaysReady_SetAzdParameterDefaultsAndBicepCompiles()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Private", "--no-restore", "--vnet", "--servicebus-sku", "Premium", "--always-ready");

        var parameters = ReadParameters(solution);
        Assert.Equal("${VNET_ENABLED=true}", (string?)parameters["vnetEnabled"]!["value"]);
        Assert.Equal("${SERVICEBUS_SKU=Premium}", (string?)parameters["serviceBusSku"]!["value"]);
        var alwaysReady = parameters["alwaysReady"]!["value"]!.AsArray();
        Assert.Equal(["function:StartFulfillment", "durable"], alwaysReady.Select(g => (string?)g!["name"]));
        Assert.All(alwaysReady, g => Assert.Equal(1, (int?)g!["instanceCount"]));
        await AssertBicepCompilesAsync(solution);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }

    [Fact]
    public async Task InfraOptions_Defaults_KeepStandardNoVnetAndScaleToZero()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Defaults", "--no-restore");

        var parameters = ReadParameters(solution);
        Assert.Equal("${VNET_ENABLED=false}", (string?)parameters["vnetEnabled"]!["value"]);
        Assert.Equal("${SERVICEBUS_SKU=Standard}", (string?)parameters["serviceBusSku"]!["value"]);
        Assert.Null(parameters["alwaysReady"]);
    }

    [Fact]
    public async Task SkipGithub_True_DropsTheGithubFolderOnly()
    {
        var withGithub = await GeneratedSolution.CreateAsync(hive, "Contoso.WithGithub", "--no-restore");
        var withoutGithub = await GeneratedSolution.CreateAsync(hive, "Contoso.WithGithub", "--no-restore", "--skip-github");

        Assert.True(Directory.Exists(withGithub.PathOf(".github/workflows")));
        Assert.False(Directory.Exists(withoutGithub.PathOf(".github")));
        Assert.Equal(
            withGithub.Files().Where(f => !f.StartsWith(".github/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            withoutGithub.Files().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readme_GeneratedSolution_TellsTheOwnerTheTestAndRunCommands()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders", "--no-restore");

        var readme = solution.Read("README.md");
        Assert.StartsWith("# Contoso.Orders", readme, StringComparison.Ordinal);
        Assert.Contains("bash eng/test.sh", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/Contoso.Orders.Local", readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("minimal")]
    public async Task Solution_EverySample_ListsExactlyTheProjectsItGenerates(string sample)
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "Contoso.Orders", "--no-restore", "--sample", sample);

        var list = await DotNetCli.RunAsync(solution.Directory, "sln", solution.SolutionFile, "list");

        Assert.True(list.Succeeded, list.ToString());
        var listed = list.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(line => line.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var generated = solution.Files().Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(generated, listed);
    }

    private static JsonObject ReadParameters(GeneratedSolution solution) =>
        JsonNode.Parse(solution.Read("infra/main.parameters.json"))!["parameters"]!.AsObject();

    internal static async Task AssertBicepCompilesAsync(GeneratedSolution solution)
    {
        var bicep = await solution.BicepBuildAsync();
        Assert.True(bicep.Succeeded, bicep.ToString());
        Assert.DoesNotMatch(@"\) : Error ", bicep.Output);
        var template = JsonNode.Parse(File.ReadAllText(solution.CompiledBicepPath));
        Assert.NotNull(template?["resources"]);
    }
}
