using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>JSON for the dead-letter API's bodies and for the application-properties column of dead-letter rows.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetterView>))]
[JsonSerializable(typeof(DeadLetterReplayed))]
public sealed partial class DeadLettersJsonContext : JsonSerializerContext;
