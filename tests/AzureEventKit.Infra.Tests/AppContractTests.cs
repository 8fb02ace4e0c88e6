using System.Reflection;
using AzureEventKit.Functions.Configuration;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Infra.Tests;

/// <summary>What the Bicep names in the app (tables, functions) exists in the app.</summary>
public sealed class AppContractTests
{
    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    /// <summary>Names of the app's [Function] methods (Microsoft.Azure.Functions.Worker.FunctionAttribute).</summary>
    private static HashSet<string> FunctionNames() =>
        [.. typeof(RequiredAppSettings).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes())
            .Where(a => a.GetType().FullName == "Microsoft.Azure.Functions.Worker.FunctionAttribute")
            .Select(a => (string)a.GetType().GetProperty("Name")!.GetValue(a)!)];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task AlwaysReadyGroups_NameFunctionsTheAppHas(string set)
    {
        var functions = FunctionNames();
        var groups = (await InfraRuns.LoadSnapshot(set)).FunctionApp["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray()
            .Select(g => (string)g!["name"]!);

        Assert.Contains("StartFulfillment", functions);
        Assert.All(groups, group =>
        {
            if (group.StartsWith("function:", StringComparison.Ordinal))
            {
                Assert.Contains(group["function:".Length..], functions);
            }
            else
            {
                Assert.Contains(group, new[] { "http", "durable", "blob" });
            }
        });
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Storage_CreatesExactlyTheAppsTables(string set)
    {
        var tables = (await InfraRuns.LoadSnapshot(set)).OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(t => ((string)t["name"]!).Split('/')[^1]);

        Assert.Equal(OrderTables.All.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }
}
