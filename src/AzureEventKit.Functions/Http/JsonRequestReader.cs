using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace AzureEventKit.Functions.Http;

/// <summary>
/// Reads a bounded JSON body. Oversize, empty and malformed bodies become a <see cref="ProblemResult"/> naming the
/// offending field (from the parser's JSON path) instead of an exception, so no handler ever sees half-parsed input.
/// </summary>
public static class JsonRequestReader
{
    public static async Task<(T? Value, ProblemResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, ProblemResult.BadRequest("body", $"The body is {request.ContentLength} bytes; the limit is {maxBytes}."));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return (null, ProblemResult.BadRequest("body", $"The body exceeds the limit of {maxBytes} bytes."));
            }

            if (length == 0)
            {
                return (null, ProblemResult.BadRequest("body", "The body is empty; a JSON object is required."));
            }

            try
            {
                var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>"$.items[0].quantity" → "items[0].quantity"; no path → "body".</summary>
    private static string FieldName(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
