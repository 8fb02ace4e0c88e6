using FunctionsNamespace.Http;
using FunctionsNamespace.WorkflowName;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunctionsNamespace.Tests.WorkflowName;

/// <summary>The WorkflowName orchestration, its activity and its starter on the in-process Durable host.</summary>
public sealed class WorkflowNameOrchestrationTests
{
    [Fact]
    public async Task RunAsync_Request_CallsTheStepAndCompletesWithItsOutcome()
    {
        await using var host = await StartHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WorkflowNameOrchestration), new WorkflowNameRequest("wf-1"), cancellationToken);
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal(new WorkflowNameResult("wf-1", "processed wf-1"), metadata.ReadOutputAs<WorkflowNameResult>());
    }

    [Fact]
    public async Task StartWorkflowName_SameIdTwice_StartsOneInstanceKeyedByTheId()
    {
        await using var host = await StartHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await StartWorkflowName.RunAsync(new DefaultHttpContext().Request, "wf-2", host.Client);
        var metadata = await host.Client.WaitForInstanceCompletionAsync("wf-2", getInputsAndOutputs: true, cancellationToken);
        var second = await StartWorkflowName.RunAsync(new DefaultHttpContext().Request, "wf-2", host.Client);

        Assert.Equal(new WorkflowNameStarted("wf-2", Started: true), Assert.IsType<AcceptedResult>(first).Value);
        Assert.Equal(new WorkflowNameStarted("wf-2", Started: false), Assert.IsType<AcceptedResult>(second).Value);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
    }

    [Fact]
    public async Task StartWorkflowName_BlankId_AnswersProblemNamingTheId()
    {
        await using var host = await StartHostAsync();

        var result = await StartWorkflowName.RunAsync(new DefaultHttpContext().Request, " ", host.Client);

        var problem = Assert.IsType<ProblemResult>(result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
        Assert.Contains("id", problem.Errors.Keys);
    }

    private static Task<DurableTaskTestHost> StartHostAsync() =>
        DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<WorkflowNameRequest, WorkflowNameResult>(
                    nameof(WorkflowNameOrchestration), (context, _) => WorkflowNameOrchestration.RunAsync(context));
                registry.AddActivityFunc<WorkflowNameRequest, string>(
                    nameof(WorkflowNameStep), (_, request) => WorkflowNameStep.Run(request));
            },
            new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance });
}
