using System.Text.RegularExpressions;

namespace AzureEventKit.Infra.Tests;

/// <summary>Docs that match the tree: every relative link in a tracked Markdown file points at something that exists.</summary>
public sealed partial class MarkdownLinkTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "artifacts", "TestResults", ".git"];

    [Fact]
    public void MarkdownFiles_RelativeLinks_Resolve()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            var text = CodePattern().Replace(File.ReadAllText(file), string.Empty);
            foreach (Match link in LinkPattern().Matches(text))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains(':', StringComparison.Ordinal) || target.StartsWith('<'))
                {
                    continue; // a fragment in the same file, a URL (https:, mailto:) or an autolink
                }

                var resolved = target.StartsWith('/')
                    ? Path.Combine(Repository.Root, Uri.UnescapeDataString(target.TrimStart('/')))
                    : Path.Combine(Path.GetDirectoryName(WhereGenerated(file))!, Uri.UnescapeDataString(target));
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    broken.Add($"{Path.GetRelativePath(Repository.Root, file)}: ({link.Groups["target"].Value})");
                }
            }
        }

        Assert.True(broken.Count == 0, "Relative links that resolve to nothing:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void MarkdownFiles_AreFound()
    {
        // The link check above would pass vacuously if it found no files.
        Assert.Contains(MarkdownFiles(), file => Path.GetFileName(file) == "architecture.md");
    }

    /// <summary>
    /// Where a file lands in a generated solution: the template's overlays (<c>templates/solution/</c>,
    /// <c>templates/minimal/</c>) are copied to the root, so their links are relative to the root.
    /// </summary>
    private static string WhereGenerated(string file)
    {
        var relative = Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');
        foreach (var overlay in (string[])["templates/solution/", "templates/minimal/"])
        {
            if (relative.StartsWith(overlay, StringComparison.Ordinal))
            {
                return Path.Combine(Repository.Root, relative[overlay.Length..]);
            }
        }

        return file;
    }

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Repository.Root, "*.md", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(Repository.Root, file).Split(Path.DirectorySeparatorChar).Any(part => SkippedFolders.Contains(part)));

    /// <summary>Inline links and images: <c>[text](target)</c>, the target without an optional title.</summary>
    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    /// <summary>Fenced code blocks and inline code, where brackets are code, not links.</summary>
    [GeneratedRegex(@"```.*?```|`[^`\n]*`", RegexOptions.Singleline)]
    private static partial Regex CodePattern();
}
