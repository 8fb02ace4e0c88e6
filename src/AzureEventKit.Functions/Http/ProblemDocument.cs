namespace AzureEventKit.Functions.Http;

/// <summary>The RFC 9457 members this API uses, plus <c>errors</c> for field-level validation messages.</summary>
public sealed record ProblemDocument(string Type, string Title, int Status, string Detail, string Instance, IReadOnlyDictionary<string, string[]>? Errors);
