using System.Text.Json.Serialization;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>JSON for the application-properties column of dead-letter rows.</summary>
[JsonSerializable(typeof(Dictionary<string, string?>))]
public sealed partial class DeadLettersJsonContext : JsonSerializerContext;
