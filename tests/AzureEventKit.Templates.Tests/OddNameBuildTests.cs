using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// One odd name built once (warnings as errors): a digit after a dot, an underscore and one-letter segments, which
/// <see cref="DerivedNameTests"/> only instantiates.
/// </summary>
[Collection(GeneratedSolutionBuilds.Name)]
public sealed class OddNameBuildTests(TemplateHive hive)
{
    [Fact]
    public async Task OddName_Build_CompilesWithWarningsAsErrors()
    {
        var solution = await GeneratedSolution.CreateAsync(hive, "A1.b2_c", "--no-restore");

        var build = await solution.BuildAsync();

        Assert.Equal("A1.B2C", solution.CodeName);
        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(solution.FindTemplateNameLeftovers());
    }
}
