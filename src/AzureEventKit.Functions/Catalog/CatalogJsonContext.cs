using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Functions.Catalog;

/// <summary>JSON for the catalogue's API body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<CatalogueEntry>))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
