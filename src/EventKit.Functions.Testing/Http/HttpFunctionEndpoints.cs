using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Invocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Http;

/// <summary>
/// Maps every <c>[HttpTrigger]</c> function to an ASP.NET Core endpoint under the host.json route prefix, enforces function
/// keys, binds the request, and executes the result through ASP.NET Core as the worker's ASP.NET Core integration does.
/// </summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>The FunctionContext.Items key the worker's <c>GetHttpContext()</c> reads.</summary>
    public const string HttpContextItemKey = "HttpRequestContext";

    private const string FromBodyAttributeName = "Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute";

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    private static readonly string PrincipalRefusedProblem = JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "https://www.rfc-editor.org/rfc/rfc9110#status.400",
        ["title"] = "Principal header refused.",
        ["status"] = 400,
        ["detail"] = $"{ClientPrincipalHeader.HeaderName} is accepted only from loopback: outside Azure nothing vouches for it (App Service Authentication writes it there).",
    });

    public static IReadOnlyList<HttpRouteInfo> Map(
        WebApplication app,
        IEnumerable<FunctionDescriptor> functions,
        string routePrefix,
        string functionKey,
        Func<DurableTaskClient> durableClient,
        ILogger logger)
    {
        var routes = new List<HttpRouteInfo>();
        foreach (var function in functions.Where(static f => f.Trigger == TriggerKind.Http))
        {
            var attribute = function.TriggerAttribute;
            var route = FunctionCatalog.Property<string>(attribute, "Route") ?? function.Name;
            var methods = (FunctionCatalog.Property<string[]>(attribute, "Methods") ?? []).Select(static m => m.ToUpperInvariant()).ToArray();
            var authLevel = attribute.GetType().GetProperty("AuthLevel")?.GetValue(attribute)?.ToString() ?? "Function";
            var requiresKey = authLevel is not "Anonymous";
            var pattern = "/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(static s => s.Length > 0));
            var invoker = new FunctionInvoker(function, app.Services, durableClient, p => TriggerBinder(function, p), logger);

            RequestDelegate handler = async http =>
            {
                if (ClientPrincipalHeader.IsRefused(http))
                {
                    Logs.PrincipalHeaderRefused(logger, function.Name, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    http.Response.ContentType = "application/problem+json";
                    await http.Response.WriteAsync(PrincipalRefusedProblem, http.RequestAborted).ConfigureAwait(false);
                    return;
                }

                if (requiresKey && !HasKey(http.Request, functionKey))
                {
                    Logs.Unauthorized(logger, function.Name);
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                var state = new InvocationState(http, http.RequestAborted);
                state.Items[HttpContextItemKey] = http;
                foreach (var (key, value) in http.Request.RouteValues)
                {
                    state.BindingData[key] = value;
                }

                object? result;
                try
                {
                    result = await invoker.InvokeAsync(state).ConfigureAwait(false);
                }
                catch (Exception) when (!http.Response.HasStarted)
                {
                    // The invoker logged it; the real host answers 500 with no body.
                    http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                }

                await WriteResultAsync(http, result).ConfigureAwait(false);
            };

            var endpoint = methods.Length == 0 ? app.Map(pattern, handler) : app.MapMethods(pattern, methods, handler);
            endpoint.WithDisplayName(function.Name);
            var info = new HttpRouteInfo(function.Name, methods.Length == 0 ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : methods, pattern, requiresKey);
            routes.Add(info);
            Logs.MappedRoute(logger, string.Join(',', info.Methods), pattern, function.Name, authLevel);
        }

        return routes;
    }

    private static bool HasKey(HttpRequest request, string functionKey)
    {
        var supplied = request.Headers["x-functions-key"].ToString();
        if (supplied.Length == 0)
        {
            supplied = request.Query["code"].ToString();
        }

        return supplied.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), Encoding.UTF8.GetBytes(functionKey));
    }

    private static ParameterBinder? TriggerBinder(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter == function.TriggerParameter)
        {
            if (type == typeof(HttpRequest))
            {
                return static state => ValueTask.FromResult<object?>(((HttpContext)state.Trigger!).Request);
            }

            throw new NotSupportedException(
                $"Function '{function.Name}': the in-process host binds [HttpTrigger] to Microsoft.AspNetCore.Http.HttpRequest (ASP.NET Core integration); {type} is not supported.");
        }

        if (FunctionCatalog.HasAttribute(parameter, FromBodyAttributeName))
        {
            return async state =>
            {
                var http = (HttpContext)state.Trigger!;
                if (type == typeof(string))
                {
                    using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
                    return await reader.ReadToEndAsync(state.CancellationToken).ConfigureAwait(false);
                }

                return await JsonSerializer.DeserializeAsync(http.Request.Body, type, BodyOptions, state.CancellationToken).ConfigureAwait(false);
            };
        }

        if (type == typeof(HttpContext))
        {
            return static state => ValueTask.FromResult<object?>(state.Trigger);
        }

        if (parameter.Name is { } name && (type == typeof(string) || type.IsPrimitive || type == typeof(Guid) || Nullable.GetUnderlyingType(type) is not null))
        {
            // Route values and query parameters are binding data in the real host, bound by parameter name.
            var converter = TypeDescriptor.GetConverter(type);
            return state =>
            {
                var http = (HttpContext)state.Trigger!;
                var raw = http.GetRouteValue(name)?.ToString() ?? (http.Request.Query.TryGetValue(name, out var query) ? query.ToString() : null);
                return ValueTask.FromResult(raw is null ? null : type == typeof(string) ? raw : converter.ConvertFromString(null, CultureInfo.InvariantCulture, raw));
            };
        }

        return null;
    }

    private static async Task WriteResultAsync(HttpContext http, object? result)
    {
        switch (result)
        {
            case null:
                return;
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
                return;
            case IResult httpResult:
                await httpResult.ExecuteAsync(http).ConfigureAwait(false);
                return;
            case string text:
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
                return;
            default:
                await http.Response.WriteAsJsonAsync(result, result.GetType(), BodyOptions, http.RequestAborted).ConfigureAwait(false);
                return;
        }
    }
}
