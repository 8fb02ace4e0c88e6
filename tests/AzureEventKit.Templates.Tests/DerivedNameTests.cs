using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// Every name the template derives from `-n` (and every name infra derives from the azd environment) is one the
/// service accepts: a name Azure rejects passes every local test and fails only at `azd up` or at first start.
/// Instantiation only; <see cref="OddNameBuildTests"/> builds one odd name once.
/// </summary>
public sealed partial class DerivedNameTests(TemplateHive hive)
{
    /// <summary>60 characters, digit-leading, with dots, hyphens and underscores.</summary>
    public const string LongName = "9Lives.Contoso-Logistics_Warehouse.Fulfillment-Orders.Europe";

    public static TheoryData<string> Names() => ["Contoso.Orders", "my-app", "A1.b2_c", LongName];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task AnyName_Defaults_DerivesNamesTheServicesAccept(string name)
    {
        var solution = await GeneratedSolution.CreateAsync(hive, name, "--no-restore");

        var durable = HostJson(solution)["extensions"]!["durableTask"]!;
        var hub = (string)durable["hubName"]!;
        var partitions = (int)durable["storageProvider"]!["partitionCount"]!;
        var azdName = AzureYamlName().Match(solution.Read("azure.yaml")).Groups[1].Value;
        var npmName = (string)JsonNode.Parse(solution.Read("eng/package.json"))!["name"]!;

        AssertAccepted(
        [
            ServiceNameRule.DurableTaskHub.Violation(hub),
            .. DurableStorageNames(hub, partitions),
            ServiceNameRule.AzdProject.Violation(azdName),
            ServiceNameRule.NpmPackage.Violation(npmName),
        ]);
    }

    /// <summary>
    /// infra/main.bicep names the resource group and the budget after the azd environment, whose names azd allows to be
    /// up to 64 characters of letters, digits, '-', '_', '.', '(' and ')'.
    /// </summary>
    [Fact]
    public async Task Bicep_AnyAzdEnvironmentName_NamesEveryResourceAsAzureAccepts()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "A1.b2_c", "--no-restore");
        string[] environmentNames = ["dev", "contoso.orders-dev", "(Contoso.Orders)_production-westeurope-2026.release-candidate.01"];

        var violations = new List<string?>();
        foreach (var environmentName in environmentNames)
        {
            var snapshot = await solution.BicepSnapshotAsync(environmentName);
            var resources = snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
            string NameOf(string type) => (string)resources.Single(r => (string?)r["type"] == type)["name"]!;
            violations.Add(ServiceNameRule.ResourceGroup.Violation(NameOf("Microsoft.Resources/resourceGroups")));
            violations.Add(ServiceNameRule.Budget.Violation(NameOf("Microsoft.Consumption/budgets")));
            violations.Add(ServiceNameRule.StorageAccount.Violation(NameOf("Microsoft.Storage/storageAccounts")));
        }

        AssertAccepted(violations);
    }

    private static void AssertAccepted(IEnumerable<string?> violations)
    {
        var found = violations.OfType<string>().ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>
    /// What the Durable Azure Storage backend creates from the hub name: control queues (one per partition), the work-item
    /// queue, the history and instances tables, and the lease and large-message containers.
    /// </summary>
    private static IEnumerable<string?> DurableStorageNames(string hub, int partitions)
    {
        var lower = hub.ToLowerInvariant();
        foreach (var table in new[] { $"{hub}History", $"{hub}Instances", $"{hub}Partitions" })
        {
            yield return ServiceNameRule.StorageTable.Violation(table);
        }

        foreach (var queue in Enumerable.Range(0, partitions).Select(i => $"{lower}-control-{i.ToString("00", CultureInfo.InvariantCulture)}").Append($"{lower}-workitems"))
        {
            yield return ServiceNameRule.StorageQueue.Violation(queue);
        }

        foreach (var container in new[] { $"{lower}-leases", $"{lower}-applease", $"{lower}-largemessages" })
        {
            yield return ServiceNameRule.BlobContainer.Violation(container);
        }
    }

    private static JsonNode HostJson(GeneratedSolution solution) =>
        JsonNode.Parse(
            solution.Read($"src/{solution.CodeName}.Functions/host.json"),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;

    [GeneratedRegex(@"(?m)^name:\s*(\S+)\s*$")]
    private static partial Regex AzureYamlName();
}
