using System.Reflection;
using System.Text.Json;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// Registers the app's <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> functions with a
/// <see cref="DurableTaskRegistry"/> by function name, with the input and output types their methods declare
/// (generic registrations built with MakeGenericMethod).
/// </summary>
internal sealed class DurableFunctionRegistrar
{
    private static readonly MethodInfo AddActivityMethod = typeof(DurableFunctionRegistrar).GetMethod(nameof(AddActivity), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AddOrchestratorMethod = typeof(DurableFunctionRegistrar).GetMethod(nameof(AddOrchestrator), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IReadOnlyList<FunctionDescriptor> functions;
    private readonly Func<IServiceProvider> services;
    private readonly Func<DurableTaskClient> client;

    public DurableFunctionRegistrar(IReadOnlyList<FunctionDescriptor> functions, Func<IServiceProvider> services, Func<DurableTaskClient> client, ILogger logger)
    {
        this.functions = functions;
        this.services = services;
        this.client = client;
        Logger = logger;
    }

    /// <summary>Where registrations and invocations are logged; set once the app's logger factory exists.</summary>
    public ILogger Logger { get; set; }

    /// <summary>Whether the app needs the Durable host: it has orchestrators or activities, or binds a <c>[DurableClient]</c>.</summary>
    public bool HasDurableFunctions => functions.Any(static f =>
        f.Trigger is TriggerKind.Orchestration or TriggerKind.Activity
        || f.Method.GetParameters().Any(static p => FunctionCatalog.HasAttribute(p, "Microsoft.Azure.Functions.Worker.DurableClientAttribute")));

    public void Register(DurableTaskRegistry registry)
    {
        foreach (var function in functions)
        {
            if (function.Trigger == TriggerKind.Activity)
            {
                RegisterActivity(registry, function);
            }
            else if (function.Trigger == TriggerKind.Orchestration)
            {
                RegisterOrchestrator(registry, function);
            }
        }
    }

    private void RegisterActivity(DurableTaskRegistry registry, FunctionDescriptor function)
    {
        var inputType = function.TriggerParameter.ParameterType;
        var outputType = ReturnValue.ResultType(function.Method.ReturnType) ?? typeof(object);
        FunctionInvoker? invoker = null;
        Func<object?, TaskActivityContext, Task<object?>> run = (input, activityContext) =>
        {
            invoker ??= new FunctionInvoker(function, services(), client, p => p == function.TriggerParameter
                ? state => ValueTask.FromResult(((ActivityInput)state.Trigger!).Input)
                : null, Logger);
            var state = new InvocationState(new ActivityInput(input, activityContext), CancellationToken.None);
            state.BindingData["instanceId"] = activityContext.InstanceId;
            return invoker.InvokeAsync(state);
        };
        AddActivityMethod.MakeGenericMethod(inputType, outputType).Invoke(null, [registry, function.Name, run]);
        Logs.RegisteredDurable(Logger, "activity", function.Name, inputType.Name, outputType.Name);
    }

    private void RegisterOrchestrator(DurableTaskRegistry registry, FunctionDescriptor function)
    {
        var method = function.Method;
        var outputType = ReturnValue.ResultType(method.ReturnType) ?? typeof(object);
        var inputParameter = method.GetParameters().FirstOrDefault(p =>
            p != function.TriggerParameter && p.ParameterType != typeof(FunctionContext) && p.ParameterType != typeof(CancellationToken));
        var inputType = inputParameter?.ParameterType ?? typeof(JsonElement?);
        var parameters = method.GetParameters();
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);

        // Orchestrator code must stay on the Durable worker's scheduler: no DI scope, no span, no ConfigureAwait(false).
        Func<TaskOrchestrationContext, object?, object?> run = (orchestrationContext, input) =>
        {
            var root = services();
            var wrapped = new FunctionsOrchestrationContext(orchestrationContext, input);
            var functionContext = new KitFunctionContext(function.Name, $"{method.DeclaringType!.FullName}.{method.Name}", root, new Dictionary<string, object?>(), CancellationToken.None);
            var arguments = parameters.Select(p =>
                p == function.TriggerParameter ? wrapped
                : p == inputParameter ? input
                : p.ParameterType == typeof(FunctionContext) ? functionContext
                : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
                : throw new NotSupportedException($"Orchestrator '{function.Name}': cannot bind parameter '{p.Name}'.")).ToArray();
            var instance = factory?.Invoke(root, null);
            try
            {
                return method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                return Task.FromException<object?>(exception.InnerException);
            }
        };
        AddOrchestratorMethod.MakeGenericMethod(inputType, outputType).Invoke(null, [registry, function.Name, run]);
        Logs.RegisteredDurable(Logger, "orchestrator", function.Name, inputParameter is null ? "GetInput<T>()" : inputType.Name, outputType.Name);
    }

    private static void AddActivity<TInput, TOutput>(DurableTaskRegistry registry, string name, Func<object?, TaskActivityContext, Task<object?>> run) =>
        registry.AddActivityFunc<TInput, TOutput>(name, async (context, input) =>
        {
            var result = await run(input, context).ConfigureAwait(false);
            return result is TOutput typed ? typed : default!;
        });

#pragma warning disable CA2007 // The orchestrator's continuation must run on the Durable worker's scheduler.
    private static void AddOrchestrator<TInput, TOutput>(DurableTaskRegistry registry, string name, Func<TaskOrchestrationContext, object?, object?> run) =>
        registry.AddOrchestratorFunc<TInput, TOutput>(name, async (context, input) =>
        {
            switch (run(context, input))
            {
                case Task<TOutput> typedTask:
                    return await typedTask;
                case ValueTask<TOutput> typedValueTask:
                    return await typedValueTask;
                case Task task:
                    await task;
                    return default!;
                case ValueTask valueTask:
                    await valueTask;
                    return default!;
                case TOutput value:
                    return value;
                default:
                    return default!;
            }
        });
#pragma warning restore CA2007

    private sealed record ActivityInput(object? Input, TaskActivityContext Context);
}
