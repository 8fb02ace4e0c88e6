using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.Http;

/// <summary>A JSON response with an optional Location header, serialized with source-generated metadata (no MVC formatters needed).</summary>
public sealed class JsonBodyResult<T>(int status, T body, JsonTypeInfo<T> typeInfo, string? location = null) : IActionResult
{
    public int Status { get; } = status;

    public T Body { get; } = body;

    public string? Location { get; } = location;

    /// <summary>An optional Link header (RFC 8288), for example <c>&lt;…&gt;; rel="next"</c> on a paged list.</summary>
    public string? Link { get; init; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "application/json; charset=utf-8";
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (Link is not null)
        {
            response.Headers.Link = Link;
        }

        await JsonSerializer.SerializeAsync(response.Body, Body, typeInfo, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
