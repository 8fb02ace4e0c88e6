using System.IO.Compression;
using System.Text.RegularExpressions;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>The package: its name, what it carries from the repository, and how it installs and uninstalls.</summary>
public sealed partial class TemplatePackageTests(TemplateHive hive)
{
    private const string SolutionContent = "content/AzureEventKit/";

    [Fact]
    public void Pack_TemplatesProject_ProducesAzureEventKitTemplatesPackage()
    {
        Assert.Matches(PackageFileName(), Path.GetFileName(hive.PackagePath));
    }

    [Fact]
    public void Package_SolutionTemplate_CarriesTheRepositoryTheKitAndTheTemplateReadme()
    {
        var entries = PackageEntries();

        string[] expected =
        [
            ".template.config/template.json", ".template.config/dotnetcli.host.json",
            "AzureEventKit.sln", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", ".gitignore",
            "azure.yaml", "infra/main.bicep", "infra/main.parameters.json", "infra/servicebus.topology.json",
            ".github/workflows/ci.yml", ".github/workflows/azure-dev.yml", ".github/workflows/release.yml", ".github/dependabot.yml",
            ".devcontainer/devcontainer.json", ".vscode/launch.json", ".vscode/tasks.json", ".vscode/extensions.json",
            "LICENSE", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md", "eng/packaging/Package.props", "eng/packaging/icon.png",
            "eng/test.sh", "eng/summarize-tests.sh", "eng/package.json", "eng/package-lock.json", "eng/ServiceBusExtension.targets",
            "eng/ServiceBusContract/ServiceBusContract.csproj",
            "src/AzureEventKit.Functions/AzureEventKit.Functions.csproj", "src/AzureEventKit.Contracts/AzureEventKit.Contracts.csproj",
            "src/EventKit.ServiceBus.Emulator/EventKit.ServiceBus.Emulator.csproj", "src/EventKit.Functions.Testing/EventKit.Functions.Testing.csproj",
            "tests/AzureEventKit.Functions.Tests/AzureEventKit.Functions.Tests.csproj",
            "templates/solution/README.md",
        ];
        Assert.All(expected, path => Assert.Contains(SolutionContent + path, entries));
        Assert.Contains("content/eventkit-subscriber/.template.config/template.json", entries);
        Assert.Contains("content/eventkit-workflow/.template.config/template.json", entries);
        Assert.Contains("content/eventkit-event/.template.config/template.json", entries);
    }

    [Fact]
    public void Package_SolutionTemplate_LeavesOutBuildOutputToolsAndTheTemplateMachinery()
    {
        var offending = PackageEntries()
            .Where(e => e.StartsWith(SolutionContent, StringComparison.Ordinal))
            .Select(e => e[SolutionContent.Length..])
            .Where(e => ExcludedPath().IsMatch(e)
                        || (e.StartsWith("templates/", StringComparison.Ordinal)
                            && !e.StartsWith("templates/solution/", StringComparison.Ordinal)
                            && !e.StartsWith("templates/minimal/", StringComparison.Ordinal))
                        || e == "README.md")
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public async Task Package_SolutionTemplate_HasEveryTrackedFileOfTheRepository()
    {
        // Packed from the repository itself: every file git tracks is in the package unless it is template machinery.
        var tracked = await ProcessRunner.RunAsync("git", ["ls-files", "-z"], Repository.Root, timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(tracked.Succeeded, tracked.ToString());
        var entries = PackageEntries().ToHashSet(StringComparer.Ordinal);

        var missing = tracked.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0 && File.Exists(Path.Combine(Repository.Root, p)))
            .Where(p => !p.StartsWith("templates/", StringComparison.Ordinal) && !p.StartsWith(".ci/", StringComparison.Ordinal)
                        && !p.StartsWith("tests/AzureEventKit.Templates.Tests/", StringComparison.Ordinal) && p != "README.md")
            .Where(p => !entries.Contains(SolutionContent + p))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task List_PrivateHive_ShowsTheSolutionAndBothItemTemplates()
    {
        // Item templates carry a project-capability constraint; outside a project, list hides them unless told not to.
        var list = await hive.NewAsync(hive.WorkRoot, "list", "eventkit", "--ignore-constraints");

        Assert.True(list.Succeeded, list.ToString());
        Assert.Contains("eventkit-subscriber", list.Output, StringComparison.Ordinal);
        Assert.Contains("eventkit-workflow", list.Output, StringComparison.Ordinal);
        Assert.Contains("eventkit-event", list.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)\seventkit\s", list.Output);
    }

    [Fact]
    public async Task Help_SolutionTemplate_DescribesEveryOptionWithShortAndLongNames()
    {
        var help = await hive.NewAsync(hive.WorkRoot, "eventkit", "--help");

        Assert.True(help.Succeeded, help.ToString());
        Assert.Contains("-s, --sample", help.Output, StringComparison.Ordinal);
        Assert.Contains("-vn, --vnet", help.Output, StringComparison.Ordinal);
        Assert.Contains("-sku, --servicebus-sku", help.Output, StringComparison.Ordinal);
        Assert.Contains("-ar, --always-ready", help.Output, StringComparison.Ordinal);
        Assert.Contains("-sg, --skip-github", help.Output, StringComparison.Ordinal);
        Assert.Contains("minimal", help.Output, StringComparison.Ordinal);
        Assert.Contains("Premium", help.Output, StringComparison.Ordinal);
        Assert.Contains("one HTTP producer, one Service Bus subscriber", Flatten(help.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_InstalledPackage_LeavesNoEventKitTemplates()
    {
        var ownHive = Path.Combine(hive.NewFolder("hive-uninstall"), "hive");
        var install = await DotNetCli.RunAsync(hive.WorkRoot, "new", "install", hive.PackagePath, "--debug:custom-hive", ownHive);
        Assert.True(install.Succeeded, install.ToString());

        var uninstall = await DotNetCli.RunAsync(hive.WorkRoot, "new", "uninstall", TemplateHive.PackageId, "--debug:custom-hive", ownHive);
        var list = await DotNetCli.RunAsync(hive.WorkRoot, "new", "list", "eventkit", "--debug:custom-hive", ownHive);

        Assert.True(uninstall.Succeeded, uninstall.ToString());
        Assert.Equal(103, list.ExitCode); // "no templates match"
    }

    private List<string> PackageEntries()
    {
        using var zip = ZipFile.OpenRead(hive.PackagePath);
        return [.. zip.Entries.Select(e => e.FullName.Replace('\\', '/'))];
    }

    private static string Flatten(string text) => WhiteSpace().Replace(text, " ");

    [GeneratedRegex(@"^AzureEventKit\.Templates\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg$")]
    private static partial Regex PackageFileName();

    [GeneratedRegex(@"(^|/)(bin|obj|node_modules|TestResults|artifacts|\.git|\.ci|\.vs|\.eventkit)/|\.nupkg$|\.trx$|local\.settings\.json$|(^|/)AzureEventKit\.Templates\.Tests/")]
    private static partial Regex ExcludedPath();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
