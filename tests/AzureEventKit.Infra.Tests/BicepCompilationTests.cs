using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>Every Bicep file builds and lints with zero diagnostics, and every parameter file builds.</summary>
public sealed class BicepCompilationTests
{
    public static TheoryData<string> BicepFiles() => [.. Repository.BicepFiles];

    public static TheoryData<string> BicepParamFiles() => [.. Repository.BicepParamFiles];

    [Fact]
    public void Infra_HasMainAndOneModulePerResourceFamily()
    {
        string[] families = ["monitoring", "identity", "storage", "messaging", "functionapp", "rbac", "network", "alerts", "budget"];

        Assert.Contains("infra/main.bicep", Repository.BicepFiles);
        foreach (var family in families)
        {
            Assert.Contains($"infra/modules/{family}.bicep", Repository.BicepFiles);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Build_BicepFile_CompilesWithZeroDiagnostics(string file)
    {
        var (run, diagnostics, json) = await InfraRuns.Build(file);

        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.True(json is not null, $"no compiled template for {file}\n{run}");
        Assert.NotNull(JsonNode.Parse(json)?["resources"]);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_BicepFile_ReportsZeroDiagnostics(string file)
    {
        var (run, diagnostics) = await InfraRuns.Lint(file);

        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.True(run.ExitCode is 0 or 1, run.ToString()); // 1: some file has errors; a crash is anything else
    }

    [Fact]
    public async Task BuildAndLint_OfAllFiles_ExitZeroWithNoDiagnosticAnywhere()
    {
        var (build, _, _) = await InfraRuns.Build("infra/main.bicep");
        var (lint, _) = await InfraRuns.Lint("infra/main.bicep");

        Assert.True(build.ExitCode == 0 && build.Diagnostics.Count == 0, build.ToString());
        Assert.True(lint.ExitCode == 0 && lint.Diagnostics.Count == 0, lint.ToString());
        Assert.Equal(Repository.BicepFiles.Count, Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "bicep-build"), "*.json", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [MemberData(nameof(BicepParamFiles))]
    public async Task BuildParams_ParameterFile_CompilesWithZeroDiagnostics(string file)
    {
        var result = await InfraRuns.BuildParams(file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Diagnostics.Count == 0, result.ToString());
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!.AsObject();
        Assert.Contains("environmentName", parameters.Select(p => p.Key));
    }

    [Fact]
    public void Linter_RulesAreErrors_ExceptClockDependentOnes()
    {
        var rules = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Infra, "bicepconfig.json")))!["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.Equal("off", (string?)rules["use-recent-api-versions"]!["level"]);
        var notErrors = rules.Where(r => (string?)r.Value!["level"] != "error").Select(r => r.Key).Order().ToArray();
        Assert.Equal(["use-recent-api-versions", "use-recent-module-versions"], notErrors);
        Assert.True(rules.Count >= 30, $"only {rules.Count} rules configured");
    }

    [Fact]
    public async Task MainParametersJson_UsesAzdVariables_AndNamesOnlyRealParameters()
    {
        var template = await InfraRuns.MainTemplate();
        var declared = template["parameters"]!.AsObject();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

        foreach (var (name, _) in file)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare");
        }

        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(file.ContainsKey(name), $"required parameter {name} missing from main.parameters.json"));
        Assert.Equal("${AZURE_ENV_NAME}", (string?)file["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)file["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)file["principalId"]!["value"]);
    }

    [Fact]
    public async Task Main_TargetsSubscription_CreatesTaggedResourceGroup()
    {
        var template = await InfraRuns.MainTemplate();

        Assert.Contains("subscriptionDeploymentTemplate", (string?)template["$schema"]);
        var snapshot = await InfraRuns.LoadSnapshot("default");
        var group = snapshot.Single("Microsoft.Resources/resourceGroups");
        Assert.Equal("eventkit-default", (string?)group["tags"]!["azd-env-name"]);
        Assert.Equal("api", (string?)snapshot.FunctionApp["tags"]!["azd-service-name"]);
    }
}
