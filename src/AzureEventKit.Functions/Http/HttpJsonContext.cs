using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Functions.Http;

/// <summary>Source-generated JSON for what every endpoint shares: the problem document. Features keep their own bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemDocument))]
public sealed partial class HttpJsonContext : JsonSerializerContext;
