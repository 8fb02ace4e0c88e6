using System.Text.RegularExpressions;

namespace AzureEventKit.Infra.Tests;

/// <summary>The Bicep style the repository follows (one resource family per module, @description on every parameter).</summary>
public sealed partial class ModuleConventionTests
{
    public static TheoryData<string> BicepFiles() => [.. Repository.BicepFiles];

    [GeneratedRegex(@"^param\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryParameter_HasADescriptionStartingWithRequiredOrOptional(string file)
    {
        var lines = File.ReadAllLines(Repository.PathOf(file));
        var parameters = 0;

        for (var i = 0; i < lines.Length; i++)
        {
            var match = ParamDeclaration().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            parameters++;
            var decorators = lines.Take(i).Reverse().TakeWhile(l => l.StartsWith('@')).ToList();
            var description = decorators.SingleOrDefault(d => d.StartsWith("@description(", StringComparison.Ordinal));
            Assert.True(description is not null, $"{file}: param {match.Groups[1].Value} has no @description");
            Assert.Matches(@"^@description\('(Required|Optional)\. ", description);
            var hasDefault = lines[i].Contains(" = ", StringComparison.Ordinal);
            Assert.True(hasDefault == description.StartsWith("@description('Optional.", StringComparison.Ordinal),
                $"{file}: param {match.Groups[1].Value} is {(hasDefault ? "optional (has a default)" : "required")} but described otherwise");
        }

        Assert.True(parameters > 0, $"{file} declares no parameters");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryOutput_IsDescribed_AndNoneIsSecure(string file)
    {
        var lines = File.ReadAllLines(Repository.PathOf(file));

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("output ", StringComparison.Ordinal))
            {
                Assert.True(i > 0 && lines[i - 1].StartsWith("@description(", StringComparison.Ordinal), $"{file}: {lines[i]} has no @description");
                Assert.DoesNotContain("@secure", lines[i - 1], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Modules_AreLocalFiles_NoRegistryReferences()
    {
        Assert.All(Repository.BicepFiles, file =>
        {
            var references = Regex.Matches(File.ReadAllText(Repository.PathOf(file)), @"^(?:module\s+\w+|import\s.*\sfrom)\s+'([^']+)'", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value)
                .ToList();
            Assert.All(references, r => Assert.True(r.EndsWith(".bicep", StringComparison.Ordinal) && !r.Contains(':', StringComparison.Ordinal), $"{file} references {r}, which is not a local file"));
            Assert.All(references, r => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Repository.PathOf(file))!, r)), $"{file}: {r} does not exist"));
        });
    }
}
