using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace AzureEventKit.Functions.Tests.Documents;

/// <summary>
/// docs/api/openapi.json is written by hand and checked here against the code: the functions' routes and methods, the
/// problem+json shape of every error, the request and response records' JSON, what the app serves at
/// <c>/api/openapi.json</c>, and the requests in docs/api/orders.http.
/// </summary>
public sealed partial class HttpApiDocumentTests
{
    private const string DocumentFile = "docs/api/openapi.json";

    private static readonly Lazy<JsonObject> Document =
        new(() => (JsonObject)JsonNode.Parse(File.ReadAllText(Repository.PathOf(DocumentFile)))!);

    [Fact]
    public void OpenApiDocument_Routes_AreTheHttpFunctionsOfTheDocumentedFeatures()
    {
        var routes = HttpFunctionRoutes().ToList();
        var documented = Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);

        // Every documented operation is a route the app answers, and every route of a feature folder the document covers
        // is documented. A feature folder with no documented route yet (a workflow the item template just added) is
        // not required to be; document it when it becomes part of the public API.
        var documentedFeatures = routes.Where(r => documented.Contains(r.Route)).Select(r => r.Feature).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(documented.Except(routes.Select(r => r.Route), StringComparer.Ordinal));
        Assert.Empty(routes.Where(r => documentedFeatures.Contains(r.Feature) && !documented.Contains(r.Route)).Select(r => r.Route));
    }

    [Fact]
    public void OpenApiDocument_EveryErrorWithABody_IsAProblemDocument()
    {
        var wrong = Operations()
            .SelectMany(o => ((JsonObject)o.Operation["responses"]!).Select(r => (o, Status: r.Key, Response: (JsonObject)r.Value!)))
            .Where(r => r.Status[0] is '4' or '5' && r.Response["content"] is JsonObject)
            .Where(r => (string?)r.Response["content"]!["application/problem+json"]?["schema"]?["$ref"] != "#/components/schemas/ProblemDocument")
            .Select(r => $"{r.o.Method} {r.o.Path} {r.Status}")
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void OpenApiDocument_SchemasNamedAfterRecords_HaveTheRecordsJsonProperties()
    {
        var records = typeof(ProblemDocument).Assembly.GetTypes().Where(t => t.IsPublic).ToLookup(t => t.Name, StringComparer.Ordinal);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var schemas = (JsonObject)Document.Value["components"]!["schemas"]!;
        var checkedNames = new List<string>();
        foreach (var (name, schema) in schemas)
        {
            if (records[name].SingleOrDefault() is not { } record)
            {
                continue;
            }

            var expected = PropertyNames(JsonSchemaExporter.GetJsonSchemaAsNode(options, record));
            Assert.True(expected.SetEquals(PropertyNames(schema!)), $"{name}: the record has [{string.Join(", ", expected.Order())}], the document [{string.Join(", ", PropertyNames(schema!).Order())}].");
            checkedNames.Add(name);
        }

        Assert.Contains(nameof(ProblemDocument), checkedNames);
    }

    [Fact]
    public void OpenApiDocument_OpenApiReader_LoadsItAsOpenApi31WithoutErrors()
    {
        var result = OpenApiDocument.Parse(File.ReadAllText(Repository.PathOf(DocumentFile)), "json");

        Assert.Empty(result.Diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic.SpecificationVersion);
        Assert.Empty(result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()));
    }

    [Fact]
    public void GetOpenApiDocument_Served_IsTheCommittedDocument()
    {
        Assert.Equal(File.ReadAllBytes(Repository.PathOf(DocumentFile)), OpenApiDocumentResult.Content.ToArray());
    }

    [Fact]
    public void HttpFile_EveryRequest_IsADocumentedOperation()
    {
        var requests = HttpFileRequest().Matches(File.ReadAllText(Repository.PathOf("docs", "api", "orders.http")))
            .Select(m => (Method: m.Groups["method"].Value.ToLowerInvariant(), Path: m.Groups["path"].Value.Split('?')[0]))
            .ToList();
        var operations = Operations().ToList();

        Assert.NotEmpty(requests);
        var undocumented = requests.Where(r => !operations.Any(o => o.Method == r.Method && SamePath(o.Path, r.Path))).ToList();
        Assert.Empty(undocumented);
        Assert.All(["PlaceOrder", "GetOrder", "ListDeadLetters", "ReplayDeadLetter"], operationId =>
            Assert.Contains(operations, o => (string?)o.Operation["operationId"] == operationId && requests.Any(r => r.Method == o.Method && SamePath(o.Path, r.Path))));
    }

    /// <summary>"METHOD /api/route" for every [HttpTrigger] function in the app, with the host's /api prefix.</summary>
    private static IEnumerable<(string Route, string Feature)> HttpFunctionRoutes() =>
        typeof(ProblemDocument).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => (Trigger: p.GetCustomAttribute<HttpTriggerAttribute>(), Feature: m.DeclaringType!.Namespace ?? string.Empty)))
            .Where(p => p.Trigger is not null)
            .SelectMany(p => (p.Trigger!.Methods ?? []).Select(method => ($"{method.ToLowerInvariant()} /api/{p.Trigger.Route}", p.Feature)));

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        ((JsonObject)Document.Value["paths"]!).SelectMany(path =>
            ((JsonObject)path.Value!).Select(operation => (operation.Key, path.Key, (JsonObject)operation.Value!)));

    private static HashSet<string> PropertyNames(JsonNode schema) =>
        (schema["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>A concrete request path (with .http variables) against a template such as /api/orders/{id}.</summary>
    private static bool SamePath(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length
            && expected.Zip(actual).All(pair => pair.First.StartsWith('{') || string.Equals(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{base\}\}(?<path>\S+)", RegexOptions.Multiline)]
    private static partial Regex HttpFileRequest();
}
