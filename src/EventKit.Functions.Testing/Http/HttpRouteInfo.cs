namespace EventKit.Functions.Testing.Http;

/// <summary>An HTTP-triggered function as served by the in-process host.</summary>
/// <param name="FunctionName">The function name.</param>
/// <param name="Methods">The HTTP methods it accepts.</param>
/// <param name="Route">The route template, with the host.json prefix, for example <c>/api/orders/{id}</c>.</param>
/// <param name="RequiresKey">Whether the function key must be supplied (any authorization level but Anonymous).</param>
public sealed record HttpRouteInfo(string FunctionName, IReadOnlyList<string> Methods, string Route, bool RequiresKey);
