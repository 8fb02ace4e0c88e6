using Microsoft.Azure.Functions.Worker;

namespace FunctionsNamespace.WorkflowName;

/// <summary>
/// The WorkflowName workflow's activity: the place for its effect (a table write, an HTTP call, a published event).
/// Activities run at least once, so make the effect idempotent, for example keyed by the request id.
/// </summary>
public static class WorkflowNameStep
{
    [Function(nameof(WorkflowNameStep))]
    public static string Run([ActivityTrigger] WorkflowNameRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"processed {request.Id}";
    }
}
