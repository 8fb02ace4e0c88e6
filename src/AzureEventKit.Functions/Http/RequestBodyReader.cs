using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Http;

/// <summary>
/// The one way the app reads request bodies: bounded by <see cref="HttpOptions.MaxRequestBodyBytes"/>, chunked or not.
/// Oversize, empty (where a body is required) and malformed bodies become a <see cref="ProblemResult"/> naming the
/// offending field (from the parser's JSON path) instead of an exception, so no handler ever sees half-parsed input.
/// </summary>
public sealed class RequestBodyReader(IOptions<HttpOptions> options)
{
    private int MaxBytes => options.Value.MaxRequestBodyBytes;

    /// <summary>Reads the whole body as bytes; an empty body is an empty result, not a problem.</summary>
    /// <param name="request">The request.</param>
    /// <param name="bodyName">How problems name the body to the caller, for example "The corrected body".</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<(ReadOnlyMemory<byte> Body, ProblemResult? Problem)> ReadBytesAsync(HttpRequest request, string bodyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxBytes = MaxBytes;
        if (request.ContentLength > maxBytes)
        {
            return (default, ProblemResult.BadRequest("body", $"{bodyName} is {request.ContentLength} bytes; the limit is {maxBytes}."));
        }

        // A chunked request carries no Content-Length, so read up to one byte past the limit to tell "at" from "over".
        var buffer = new byte[request.ContentLength is { } declared ? (int)declared + 1 : maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return length > maxBytes
            ? (default, ProblemResult.BadRequest("body", $"{bodyName} exceeds the limit of {maxBytes} bytes."))
            : (buffer.AsMemory(0, length), null);
    }

    /// <summary>Reads a required JSON body.</summary>
    public async Task<(T? Value, ProblemResult? Problem)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ReadBytesAsync(request, "The body", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        return body.IsEmpty
            ? (null, ProblemResult.BadRequest("body", "The body is empty; a JSON object is required."))
            : Deserialize(body, typeInfo);
    }

    /// <summary>Reads an optional JSON body: no body at all is (null, null).</summary>
    public async Task<(T? Value, ProblemResult? Problem)> ReadOptionalJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ReadBytesAsync(request, "The body", cancellationToken).ConfigureAwait(false);
        if (problem is not null || body.IsEmpty)
        {
            return (null, problem);
        }

        return Deserialize(body, typeInfo);
    }

    private static (T? Value, ProblemResult? Problem) Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(body.Span, typeInfo);
            return value is null
                ? (null, ProblemResult.BadRequest("body", "The body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            // A syntax error (the reader's own exception, wrapped) is about the body, even when it stops inside a property.
            var field = exception.InnerException is JsonException ? "body" : FieldName(exception.Path);
            var problem = field == "body"
                ? $"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})."
                : $"{field} has the wrong type or format.";
            return (null, ProblemResult.BadRequest(field, problem));
        }
    }

    /// <summary>"$.items[0].quantity" → "items[0].quantity"; no path → "body".</summary>
    private static string FieldName(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
