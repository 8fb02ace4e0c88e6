using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// The opt-in part of the option matrix: full builds and test runs of the instantiations that the normal run only checks
/// without building (their C# differs from the default one only by name). Select it with
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
    public async Task Instantiation_BuildsPassesItsFunctionsAndInfraTestsAndCompilesItsBicep(string name, string[] options)
    {
        var solution = await GeneratedSolution.CreateAsync(hive, name, options);

        var build = await solution.BuildAsync();
        Assert.True(build.Succeeded, build.ToString());
        var npm = await solution.InstallNpmToolsAsync();
        Assert.True(npm.Succeeded, npm.ToString());
        var functionsTests = await solution.TestAsync(solution.FunctionsTestsProject);
        Assert.True(functionsTests.Succeeded, functionsTests.ToString());
        var infraTests = await solution.TestAsync(solution.PathOf($"tests/{solution.CodeName}.Infra.Tests/{solution.CodeName}.Infra.Tests.csproj"));
        Assert.True(infraTests.Succeeded, infraTests.ToString());
        await InstantiationTests.AssertBicepCompilesAsync(solution);
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }
}
