using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// Wraps the Durable worker's context so that <see cref="GetInput{T}"/> works for any T, as it does under the Functions
/// host: the orchestration is registered with an untyped input (the function signature declares none), and the JSON input
/// is converted to the type the orchestrator asks for. Everything else is delegated unchanged.
/// </summary>
internal sealed class FunctionsOrchestrationContext : TaskOrchestrationContext
{
    private static readonly PropertyInfo LoggerFactoryProperty =
        typeof(TaskOrchestrationContext).GetProperty("LoggerFactory", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private readonly TaskOrchestrationContext inner;
    private readonly object? input;

    public FunctionsOrchestrationContext(TaskOrchestrationContext inner, object? input)
    {
        this.inner = inner;
        this.input = input;
    }

    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override string Version => inner.Version;

    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    protected override ILoggerFactory LoggerFactory => (ILoggerFactory)LoggerFactoryProperty.GetValue(inner)!;

    public override T GetInput<T>()
    {
        switch (input)
        {
            case null:
                return default!;
            case T typed:
                return typed;
            case JsonElement json:
                return JsonDataConverter.Default.Deserialize<T>(json.GetRawText())!;
            default:
                return JsonDataConverter.Default.Deserialize<T>(JsonDataConverter.Default.Serialize(input))!;
        }
    }

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();
}
