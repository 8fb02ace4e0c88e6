using System.Text.Json.Nodes;

namespace AzureEventKit.Infra.Tests;

/// <summary>A `bicep snapshot` result: every resource a deployment of one parameter set would create.</summary>
internal sealed record SnapshotDocument(string Set, JsonObject Json)
{
    public IEnumerable<JsonObject> Resources => Json["predictedResources"]!.AsArray().Select(r => r!.AsObject());

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"[{Set}] expected one {type}, found {matches.Count}.");
        return matches[0];
    }

    public JsonObject FunctionApp => Single("Microsoft.Web/sites");

    /// <summary>The function app's settings by name.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        FunctionApp["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    public JsonObject Outputs => Json["outputs"]!.AsObject();

    public override string ToString() => Set;
}
