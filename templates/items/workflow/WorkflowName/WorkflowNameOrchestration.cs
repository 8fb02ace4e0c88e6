using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.WorkflowName;

/// <summary>What starts a WorkflowName workflow; <see cref="Id"/> is also the orchestration instance id.</summary>
public sealed record WorkflowNameRequest(string Id);

/// <summary>How a WorkflowName workflow ended.</summary>
public sealed record WorkflowNameResult(string Id, string Outcome);

/// <summary>
/// The WorkflowName orchestration. Orchestrator code is replayed: keep it deterministic (no clocks, GUIDs or I/O
/// here) and put every effect in an activity.
/// </summary>
public static class WorkflowNameOrchestration
{
    [Function(nameof(WorkflowNameOrchestration))]
    public static async Task<WorkflowNameResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<WorkflowNameRequest>()
            ?? throw new InvalidOperationException($"{nameof(WorkflowNameOrchestration)} needs a {nameof(WorkflowNameRequest)} input.");
        var logger = context.CreateReplaySafeLogger(typeof(WorkflowNameOrchestration));

        var outcome = await context.CallActivityAsync<string>(nameof(WorkflowNameStep), request);

        WorkflowNameLogs.Finished(logger, request.Id, outcome);
        return new WorkflowNameResult(request.Id, outcome);
    }
}

internal static partial class WorkflowNameLogs
{
    [LoggerMessage(Level = LogLevel.Information, Message = "WorkflowName {Id} finished: {Outcome}")]
    public static partial void Finished(ILogger logger, string id, string outcome);
}
