using System.Reflection;

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>Build-time facts about this repository, stamped into the test assembly by the project file.</summary>
internal static class Repository
{
    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string TemplatePackProject { get; } = Path.Combine(Root, "templates", "AzureEventKit.Templates.csproj");

    public static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see the test project file.");
}
