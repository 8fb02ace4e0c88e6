using FunctionsNamespace.Http;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunctionsNamespace.WorkflowName;

/// <summary>
/// POST /api/workflow-name/{id} starts the WorkflowName workflow with instance id = <c>id</c>, so a retried request
/// finds the existing instance instead of starting a second one.
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
            return ProblemResult.BadRequest("id", "An id is required.");
        }

        var started = await StartOnceAsync(client, id, request.HttpContext.RequestAborted);
        return new AcceptedResult($"/api/workflow-name/{id}", new WorkflowNameStarted(id, started));
    }

    private static async Task<bool> StartOnceAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(id, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(WorkflowNameOrchestration), new WorkflowNameRequest(id), new StartOrchestrationOptions(InstanceId: id), cancellationToken);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
        {
            // Two requests raced past the check above and the other one started it; the host says so by status.
            return false;
        }
    }
}
