using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunctionsNamespace.WorkflowName;

/// <summary>
/// POST /api/workflow-name/{id} starts the WorkflowName workflow with instance id = <c>id</c>, so a retried request
/// finds the running instance instead of starting a second one.
/// </summary>
public static class StartWorkflowName
{
    [Function(nameof(StartWorkflowName))]
    public static async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflow-name/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrWhiteSpace(id))
        {
            return new BadRequestObjectResult(new { error = "An id is required." });
        }

        var existing = await client.GetInstanceAsync(id, request.HttpContext.RequestAborted);
        if (existing is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(WorkflowNameOrchestration), new WorkflowNameRequest(id), new StartOrchestrationOptions(InstanceId: id), request.HttpContext.RequestAborted);
        }

        return new AcceptedResult($"/api/workflow-name/{id}", new { instanceId = id, started = existing is null });
    }
}
