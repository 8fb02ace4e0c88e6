using System.Globalization;
using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>The preprovision hook pins the budget start date once, because Azure cannot change it afterwards.</summary>
public sealed class PreprovisionHookTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eventkit-preprovision-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A stand-in `azd` on PATH that records its arguments.</summary>
    private (string Path, string Log) FakeAzd()
    {
        var log = Path.Combine(_directory, "azd-calls.log");
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var azd = Path.Combine(bin, "azd");
        File.WriteAllText(azd, $"#!/bin/sh\necho \"$@\" >> '{log}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return ($"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}", log);
    }

    [Fact]
    public async Task Sh_WithoutAStartDate_PinsTheCurrentMonthInTheAzdEnvironment()
    {
        var (path, log) = FakeAzd();
        var before = DateTime.UtcNow.ToString("yyyy-MM-01", CultureInfo.InvariantCulture);

        var (exitCode, output) = await HookRunner.RunShAsync("preprovision.sh", new Dictionary<string, string> { ["PATH"] = path }, TestContext.Current.CancellationToken);

        var after = DateTime.UtcNow.ToString("yyyy-MM-01", CultureInfo.InvariantCulture);
        Assert.True(exitCode == 0, output);
        var call = Assert.Single(File.ReadAllLines(log));
        Assert.Contains(call, new[] { $"env set BUDGET_START_DATE {before}", $"env set BUDGET_START_DATE {after}" });
    }

    [Fact]
    public async Task Sh_WithAStartDate_LeavesItUnchanged()
    {
        var (path, log) = FakeAzd();

        var (exitCode, output) = await HookRunner.RunShAsync(
            "preprovision.sh",
            new Dictionary<string, string> { ["PATH"] = path, ["BUDGET_START_DATE"] = "2026-01-01" },
            TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.False(File.Exists(log), "azd env set was called although the date was already pinned");
        Assert.Contains("2026-01-01", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GITHUB_ACTIONS")]
    [InlineData("TF_BUILD")]
    public async Task Sh_InAPipelineWithoutAStartDate_FailsAndPinsNothing(string pipelineVariable)
    {
        // A pipeline's azd environment is thrown away after the run: a date pinned there would move every month,
        // and Azure rejects a budget whose start date changes. The date must come from the developer's environment.
        var (path, log) = FakeAzd();

        var (exitCode, output) = await HookRunner.RunShAsync(
            "preprovision.sh",
            new Dictionary<string, string> { ["PATH"] = path, [pipelineVariable] = "True" },
            TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.False(File.Exists(log), "azd env set was called in a pipeline");
        Assert.Contains("BUDGET_START_DATE", output, StringComparison.Ordinal);
        Assert.Contains("azd pipeline config", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainBicep_BudgetStartDate_HasNoClockDefault()
    {
        // utcNow() as a default gives a new start date every month a deployment runs without the pinned value.
        var template = await InfraRuns.MainTemplate();

        Assert.Null(template["parameters"]!["budgetStartDate"]!["defaultValue"]);
    }

    [Fact]
    public void BudgetStartDate_FlowsFromTheAzdEnvironmentIntoMainBicep_AndIntoCi()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Infra, "main.parameters.json")))!["parameters"]!;
        var azureYaml = File.ReadAllText(Repository.PathOf("azure.yaml"));

        Assert.Equal("${BUDGET_START_DATE}", (string?)parameters["budgetStartDate"]!["value"]);
        Assert.Contains("./infra/hooks/preprovision.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("./infra/hooks/preprovision.ps1", azureYaml, StringComparison.Ordinal);
        Assert.Contains("- BUDGET_START_DATE", azureYaml, StringComparison.Ordinal);
#if (!skipGithub)
        var workflow = File.ReadAllText(Repository.PathOf(".github", "workflows", "azure-dev.yml"));
        Assert.Contains("BUDGET_START_DATE: ${{ vars.BUDGET_START_DATE }}", workflow, StringComparison.Ordinal);
#endif
    }
}
