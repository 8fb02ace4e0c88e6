using EventKit.Functions.Testing.Discovery;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// Finds HTTP functions that answer the same route and method, which the real host cannot tell apart. Routes are compared
/// as ASP.NET Core ranks them: literal segments case-insensitively, and parameters by their constraints only
/// (<c>orders/{id}</c> and <c>orders/{orderId}</c> collide; <c>orders/{id:int}</c> and <c>orders/{name}</c> do not).
/// A function without methods answers every method.
/// </summary>
internal static class HttpRouteConflicts
{
    public static IEnumerable<StartupProblem> Find(IReadOnlyList<FunctionDescriptor> functions, string routePrefix)
    {
        var routes = functions.Where(static f => f.Trigger == TriggerKind.Http).Select(f =>
        {
            var route = FunctionCatalog.Property<string>(f.TriggerAttribute, "Route") ?? f.Name;
            var methods = (FunctionCatalog.Property<string[]>(f.TriggerAttribute, "Methods") ?? []).Select(static m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            var pattern = "/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(static s => s.Length > 0));
            return (Function: f.Name, Pattern: pattern, Shape: Shape(pattern), Methods: methods);
        }).ToList();

        for (var i = 0; i < routes.Count; i++)
        {
            for (var j = i + 1; j < routes.Count; j++)
            {
                var (first, second) = (routes[i], routes[j]);
                if (!string.Equals(first.Shape, second.Shape, StringComparison.Ordinal))
                {
                    continue;
                }

                var shared = first.Methods.Count == 0 ? second.Methods : second.Methods.Count == 0 ? first.Methods : first.Methods.Intersect(second.Methods).ToHashSet();
                if (first.Methods.Count == 0 || second.Methods.Count == 0 || shared.Count > 0)
                {
                    var methods = shared.Count == 0 ? "every method" : string.Join(", ", shared.Order(StringComparer.Ordinal));
                    yield return new StartupProblem(
                        StartupProblemKind.DuplicateHttpRoute,
                        second.Function,
                        $"Functions '{first.Function}' ({first.Pattern}) and '{second.Function}' ({second.Pattern}) both answer {methods} on the same route; the host could not tell which to run.");
                }
            }
        }
    }

    private static string Shape(string pattern) => string.Join('/', pattern.Split('/').Select(static segment =>
    {
        if (segment is not ['{', .., '}'])
        {
            return segment.ToUpperInvariant();
        }

        // {name:int:min(1)?} -> {:int:min(1)}: the name does not matter, the constraints do; '?' and '=default' do not.
        var inner = segment[1..^1].TrimStart('*').TrimEnd('?');
        var equals = inner.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            inner = inner[..equals];
        }

        var colon = inner.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? "{}" : "{" + inner[colon..].ToUpperInvariant() + "}";
    }));
}
