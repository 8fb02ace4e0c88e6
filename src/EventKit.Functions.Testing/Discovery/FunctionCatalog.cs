using System.Reflection;

namespace EventKit.Functions.Testing.Discovery;

/// <summary>
/// Finds <c>[Function]</c> methods by the same attributes the Worker SDK reads. Attributes are matched by full type name,
/// so the app may compile against the real Service Bus extension or the repository's compile-time contract.
/// </summary>
internal static class FunctionCatalog
{
    internal const string FunctionAttributeName = "Microsoft.Azure.Functions.Worker.FunctionAttribute";

    private static readonly Dictionary<string, TriggerKind> Triggers = new(StringComparer.Ordinal)
    {
        ["Microsoft.Azure.Functions.Worker.HttpTriggerAttribute"] = TriggerKind.Http,
        ["Microsoft.Azure.Functions.Worker.ServiceBusTriggerAttribute"] = TriggerKind.ServiceBus,
        ["Microsoft.Azure.Functions.Worker.OrchestrationTriggerAttribute"] = TriggerKind.Orchestration,
        ["Microsoft.Azure.Functions.Worker.ActivityTriggerAttribute"] = TriggerKind.Activity,
        ["Microsoft.Azure.Functions.Worker.TimerTriggerAttribute"] = TriggerKind.Timer,
    };

    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly, ICollection<Type>? only = null)
    {
        var functions = new List<FunctionDescriptor>();
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            types = exception.Types.Where(static t => t is not null).ToArray()!;
        }

        if (only is { Count: > 0 })
        {
            var outside = only.FirstOrDefault(t => t.Assembly != assembly);
            if (outside is not null)
            {
                throw new InvalidOperationException($"FunctionTypes lists {outside}, which is not in the functions assembly {assembly.GetName().Name}.");
            }

            types = [.. types.Where(only.Contains)];
        }

        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in types.Where(static t => t.IsClass && !t.IsGenericTypeDefinition))
        {
            foreach (var method in type.GetMethods(Flags))
            {
                var functionAttribute = method.GetCustomAttributes().FirstOrDefault(static a => a.GetType().FullName == FunctionAttributeName);
                if (functionAttribute is null)
                {
                    continue;
                }

                var name = (string)functionAttribute.GetType().GetProperty("Name")!.GetValue(functionAttribute)!;
                functions.Add(Describe(name, method));
            }
        }

        var duplicate = functions.GroupBy(static f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(static g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two [Function] methods are named '{duplicate.Key}'; function names must be unique.");
        }

        return functions.OrderBy(static f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            foreach (var attribute in parameter.GetCustomAttributes())
            {
                if (Triggers.TryGetValue(attribute.GetType().FullName ?? string.Empty, out var kind))
                {
                    return new FunctionDescriptor(name, method, kind, parameter, attribute);
                }

                if (attribute.GetType().BaseType?.FullName == "Microsoft.Azure.Functions.Worker.Extensions.Abstractions.TriggerBindingAttribute")
                {
                    throw new NotSupportedException(
                        $"Function '{name}' uses [{attribute.GetType().Name}], which the EventKit in-process host does not bind. " +
                        "Supported triggers: HttpTrigger, ServiceBusTrigger, OrchestrationTrigger, ActivityTrigger, TimerTrigger.");
                }
            }
        }

        throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType}.{method.Name}) has no trigger parameter.");
    }

    /// <summary>Reads a property of an attribute the kit matched by name, so either assembly that declares it works.</summary>
    public static T? Property<T>(Attribute attribute, string property)
    {
        var value = attribute.GetType().GetProperty(property)?.GetValue(attribute);
        return value is T typed ? typed : default;
    }

    public static bool HasAttribute(ParameterInfo parameter, string fullName) =>
        parameter.GetCustomAttributes().Any(a => a.GetType().FullName == fullName);
}
