using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.Http;

/// <summary>
/// An RFC 9457 problem response (<c>application/problem+json</c>). Written directly rather than through MVC
/// formatters, so it behaves the same under the Functions host and the in-process test host.
/// </summary>
public sealed class ProblemResult(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : IActionResult
{
    public const string ContentType = "application/problem+json";

    public int Status { get; } = status;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    /// <summary>Field path (for example <c>items[0].quantity</c>) → what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>When set, the Retry-After header (RFC 9110, whole seconds, at least 1).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ProblemResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", $"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Keys)}.", errors);

    public static ProblemResult BadRequest(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>401: the request names no usable caller (no or malformed principal, bad webhook signature).</summary>
    public static ProblemResult Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, "Not authenticated.", detail);

    /// <summary>403: the caller is known but lacks the role the endpoint needs.</summary>
    public static ProblemResult Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    /// <summary>422: the request is well formed, but these fields ask for something the server will not do.</summary>
    public static ProblemResult Unprocessable(IReadOnlyDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "The order cannot be accepted.", $"{errors.Count} field(s) cannot be accepted: {string.Join(", ", errors.Keys)}.", errors);

    /// <summary>429 with Retry-After.</summary>
    public static ProblemResult TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "Too many requests.", detail) { RetryAfter = retryAfter };

    public static ProblemResult NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ProblemResult Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict.", detail);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDocument(
            $"https://www.rfc-editor.org/rfc/rfc9110#status.{Status}",
            Title,
            Status,
            Detail,
            context.HttpContext.Request.Path,
            Errors.Count == 0 ? null : Errors);
        await JsonSerializer.SerializeAsync(response.Body, problem, HttpJsonContext.Default.ProblemDocument, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
