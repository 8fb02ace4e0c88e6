using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunctionsNamespace.WorkflowName;

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
