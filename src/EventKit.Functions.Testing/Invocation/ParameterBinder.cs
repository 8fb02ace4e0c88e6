namespace EventKit.Functions.Testing.Invocation;

/// <summary>Produces one argument of an invocation.</summary>
internal delegate ValueTask<object?> ParameterBinder(InvocationState state);
