using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// The opt-in part of the option matrix: the README test command (build, every test project) in the instantiations that
/// the normal run only checks without building (their C# differs from the default or minimal one only by name and infra defaults). Select it with
/// `--filter-trait "Category=TemplateMatrix"`; the normal run excludes it with `--filter-not-trait "Category=TemplateMatrix"`.
/// </summary>
[Trait("Category", "TemplateMatrix")]
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class TemplateMatrixTests(TemplateHive hive)
{
    public static TheoryData<string, string[]> Instantiations() => new()
    {
        { "Contoso.Private", ["--vnet", "--servicebus-sku", "Premium", "--always-ready"] },
        { "my-app", [] },
        { "my-app.minimal", ["--sample", "minimal", "--skip-github"] },
    };

    [Theory]
    [MemberData(nameof(Instantiations))]
    public async Task Instantiation_ReadmeTestCommandPassesAndBicepCompiles(string name, string[] options)
    {
        var solution = await GeneratedSolution.CreateAsync(hive, name, [.. options, "--no-restore"]);

        await GeneratedSolutionTests.AssertReadmeTestCommandPassedAsync(await solution.RunReadmeTestCommandAsync());
        await InstantiationTests.AssertBicepCompilesAsync(solution);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }
}
