using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// The <c>[DurableClient]</c> the kit hands to functions. It delegates to the in-process host's client, with one fix:
/// scheduling an explicit instance id that already exists and is not finished throws what the Functions host's Durable
/// extension throws to an isolated worker: an <see cref="RpcException"/> with status <see cref="StatusCode.AlreadyExists"/>.
/// The in-memory backend (InProcessTestHost 0.2.3-preview.1) instead accepts the
/// second create and leaves the instance Pending for ever, which would turn an app's duplicate-start race into a hang.
/// Checks and creates for one instance id are serialized, so the guard is atomic within the process.
/// </summary>
internal sealed class InstanceIdGuardClient(DurableTaskClient inner) : DurableTaskClient(inner.Name)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public override DurableEntityClient Entities => inner.Entities;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.InstanceId is not { Length: > 0 } instanceId)
        {
            return await inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation).ConfigureAwait(false);
        }

        var gate = gates.GetOrAdd(instanceId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var existing = await inner.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
            if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"An orchestration instance with ID '{instanceId}' already exists (status {existing.RuntimeStatus})."));
            }

            return await inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.PurgeAllInstancesAsync(filter, options, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
