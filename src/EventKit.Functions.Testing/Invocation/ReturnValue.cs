using System.Reflection;

namespace EventKit.Functions.Testing.Invocation;

/// <summary>Turns whatever a function method returns (void, T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;) into a Task&lt;object?&gt;.</summary>
internal static class ReturnValue
{
    private static readonly MethodInfo FromTaskMethod = typeof(ReturnValue).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromValueTaskMethod = typeof(ReturnValue).GetMethod(nameof(FromValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The result type a caller sees: T for Task&lt;T&gt;/ValueTask&lt;T&gt;, null for void/Task/ValueTask.</summary>
    public static Type? ResultType(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    public static Func<object?, Task<object?>> AdapterFor(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return static _ => Task.FromResult<object?>(null);
        }

        if (returnType == typeof(Task))
        {
            return static async value =>
            {
                await ((Task)value!).ConfigureAwait(false);
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return static async value =>
            {
                await ((ValueTask)value!).ConfigureAwait(false);
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return FromTaskMethod.MakeGenericMethod(returnType.GetGenericArguments()).CreateDelegate<Func<object?, Task<object?>>>();
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return FromValueTaskMethod.MakeGenericMethod(returnType.GetGenericArguments()).CreateDelegate<Func<object?, Task<object?>>>();
        }

        return static value => Task.FromResult(value);
    }

    private static async Task<object?> FromTask<T>(object? value) => await ((Task<T>)value!).ConfigureAwait(false);

    private static async Task<object?> FromValueTask<T>(object? value) => await ((ValueTask<T>)value!).ConfigureAwait(false);
}
