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

        await JsonSerializer.SerializeAsync(response.Body, Body, typeInfo, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
