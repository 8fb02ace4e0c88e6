using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.Http;

/// <summary>
/// The API's OpenAPI document (docs/api/openapi.json, embedded at build time) as a 200 response. A test checks that
/// document against the functions' routes, so what is served is what the app answers.
/// </summary>
public sealed class OpenApiDocumentResult : IActionResult
{
    /// <summary>The manifest name the project embeds the document under.</summary>
    public const string ResourceName = "openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiDocumentResult).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The build did not embed {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The document's bytes (UTF-8 JSON).</summary>
    public static ReadOnlyMemory<byte> Content => Document.Value;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json; charset=utf-8";
        await response.Body.WriteAsync(Document.Value, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
