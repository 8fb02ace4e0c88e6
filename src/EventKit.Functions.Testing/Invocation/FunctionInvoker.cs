using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using EventKit.Functions.Testing.Discovery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Invocation;

/// <summary>
/// Runs one function: a DI scope of the app's provider, an instance created with ActivatorUtilities (as the worker's
/// default activator does), bound arguments, a span and a log scope carrying the invocation id and function name.
/// </summary>
internal sealed class FunctionInvoker
{
    private const string DurableClientAttributeName = "Microsoft.Azure.Functions.Worker.DurableClientAttribute";

    private readonly IServiceProvider services;
    private readonly ILogger logger;
    private readonly ObjectFactory? factory;
    private readonly ParameterBinder[] binders;
    private readonly Func<object?, Task<object?>> adapt;

    public FunctionInvoker(
        FunctionDescriptor descriptor,
        IServiceProvider services,
        Func<DurableTaskClient> durableClient,
        Func<ParameterInfo, ParameterBinder?> triggerBinders,
        ILogger logger)
    {
        Descriptor = descriptor;
        this.services = services;
        this.logger = logger;
        var method = descriptor.Method;
        factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        binders = method.GetParameters().Select(p => triggerBinders(p) ?? CommonBinder(descriptor, p, durableClient)).ToArray();
        adapt = ReturnValue.AdapterFor(method.ReturnType);
    }

    public FunctionDescriptor Descriptor { get; }

    /// <summary>Runs the function and returns its result (the awaited value of a Task&lt;T&gt;), or throws what it threw.</summary>
    public async Task<object?> InvokeAsync(InvocationState state)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new KitFunctionContext(Descriptor.Name, EntryPoint, scope.ServiceProvider, state.BindingData, state.CancellationToken);
            foreach (var item in state.Items)
            {
                context.Items[item.Key] = item.Value;
            }

            state.FunctionContext = context;
            using var activity = state.ParentContext is { } parent
                ? FunctionsTestHost.ActivitySource.StartActivity($"Invoke {Descriptor.Name}", state.SpanKind, parent)
                : FunctionsTestHost.ActivitySource.StartActivity($"Invoke {Descriptor.Name}", state.SpanKind);
            activity?.SetTag("faas.name", Descriptor.Name);
            activity?.SetTag("faas.invocation_id", context.InvocationId);
            using var logScope = logger.BeginScope(new Dictionary<string, object>
            {
                ["AzureFunctions_InvocationId"] = context.InvocationId,
                ["AzureFunctions_FunctionName"] = Descriptor.Name,
            });
            Logs.Executing(logger, Descriptor.Name, Descriptor.Trigger, context.InvocationId);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var instance = factory?.Invoke(scope.ServiceProvider, null);
                var arguments = new object?[binders.Length];
                for (var i = 0; i < binders.Length; i++)
                {
                    arguments[i] = await binders[i](state).ConfigureAwait(false);
                }

                var result = await adapt(Call(instance, arguments)).ConfigureAwait(false);
                Logs.Executed(logger, Descriptor.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
            catch (Exception exception)
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                Logs.Failed(logger, Descriptor.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception);
                throw;
            }
        }
    }

    private string EntryPoint => $"{Descriptor.Method.DeclaringType!.FullName}.{Descriptor.Method.Name}";

    private object? Call(object? instance, object?[] arguments)
    {
        try
        {
            return Descriptor.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    /// <summary>Binders every trigger shares: FunctionContext, CancellationToken and [DurableClient] DurableTaskClient.</summary>
    internal static ParameterBinder CommonBinder(FunctionDescriptor descriptor, ParameterInfo parameter, Func<DurableTaskClient> durableClient)
    {
        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return static state => ValueTask.FromResult<object?>(state.FunctionContext);
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return static state => ValueTask.FromResult<object?>(state.CancellationToken);
        }

        if (FunctionCatalog.HasAttribute(parameter, DurableClientAttributeName) && parameter.ParameterType.IsAssignableFrom(typeof(DurableTaskClient)))
        {
            return _ => ValueTask.FromResult<object?>(durableClient());
        }

        throw new NotSupportedException(
            $"Function '{descriptor.Name}': the EventKit in-process host cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType} " +
            $"for a {descriptor.Trigger} trigger. See docs/local-host.md for the supported bindings.");
    }
}
