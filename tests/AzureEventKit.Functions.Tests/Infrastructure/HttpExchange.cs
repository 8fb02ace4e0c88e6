using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// Calls HTTP functions the way the ASP.NET Core integration does: a real <see cref="DefaultHttpContext"/> request in,
/// the function's <see cref="IActionResult"/> executed against the response, and the response read back.
/// </summary>
public static class HttpExchange
{
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="body">The body, sent as JSON; null for none.</param>
    /// <param name="headers">More headers; they win over the principal header.</param>
    /// <param name="declareLength">Whether Content-Length is set (false: as a chunked request).</param>
    /// <param name="caller">The signed-in caller's object id (<see cref="TestCallers.Customer"/> by default); null: anonymous.</param>
    /// <param name="roles">The caller's app roles.</param>
    public static HttpRequest Request(
        string method,
        string path,
        string? body = null,
        IDictionary<string, string>? headers = null,
        bool declareLength = true,
        string? caller = TestCallers.Customer,
        string[]? roles = null)
    {
        var context = new DefaultHttpContext();
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        var request = context.Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        var query = path.IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? path : path[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        if (body is not null)
        {
            request.ContentType = "application/json";
            if (declareLength)
            {
                request.ContentLength = bytes.Length;
            }
        }

        if (caller is not null)
        {
            request.Headers[TestCallers.HeaderName] = TestCallers.Principal(caller, roles ?? []);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return request;
    }

    public static async Task<HttpResult> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return new HttpResult(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.ToString(), await reader.ReadToEndAsync())
        {
            Link = context.Response.Headers.Link.ToString(),
            RetryAfter = context.Response.Headers.RetryAfter.ToString(),
        };
    }
}

/// <summary>A response as a client sees it.</summary>
public sealed record HttpResult(int Status, string? ContentType, string Location, string Body)
{
    /// <summary>The Link header (RFC 8288), for example the next page of a list.</summary>
    public string Link { get; init; } = string.Empty;

    /// <summary>The Retry-After header (RFC 9110), in seconds; empty when absent.</summary>
    public string RetryAfter { get; init; } = string.Empty;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The problem document's <c>errors</c> member: field path → messages (empty when absent).</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        Json.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(member => member.Name, member => member.Value.EnumerateArray().Select(message => message.GetString()!).ToArray())
            : new Dictionary<string, string[]>();

    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/>.</summary>
    public void AssertProblem(int status)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(status, Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(Json.GetProperty("detail").GetString()));
    }
}
