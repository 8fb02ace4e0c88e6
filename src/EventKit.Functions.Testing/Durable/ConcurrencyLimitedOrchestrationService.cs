using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// The in-process test host's in-memory orchestration service, with host.json's
/// <c>maxConcurrentOrchestratorFunctions</c> / <c>maxConcurrentActivityFunctions</c> enforced the way the Functions host's
/// dispatchers enforce them: a work item is only fetched once a slot is free, and a finished work item frees its slot at once.
/// </summary>
/// <remarks>
/// Without this, the sidecar of InProcessTestHost 0.2.3-preview.1 limits each dispatcher to
/// <see cref="Environment.ProcessorCount"/> work items (the base service's fixed value; the limits the gRPC worker sends are
/// ignored), and a dispatcher at its limit re-checks only every 500 ms. On 2 cores that made the whole app run about four
/// orchestration episodes per second, however short they were (measured: 40 concurrent orders, the orchestration dispatcher
/// waited in that poll for 52.0 s of 52.1 s). Here the sidecar is told there is no limit, so it never polls, and fetching
/// waits on a semaphore per dispatcher instead. The interface is re-implemented because the base members are not virtual.
/// </remarks>
#pragma warning disable CA1001 // The semaphores never create a wait handle, and the sidecar may still be fetching while the provider is disposed.
internal sealed class ConcurrencyLimitedOrchestrationService : InMemoryOrchestrationService, IOrchestrationService
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim orchestrationSlots;
    private readonly SemaphoreSlim activitySlots;

    // Keyed by reference: every activity work item of the in-memory backend has the id "0", and a work item must free its
    // slot exactly once even when the sidecar abandons it after a failed completion.
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, byte> runningOrchestrations = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TaskActivityWorkItem, byte> runningActivities = new(ReferenceEqualityComparer.Instance);

    public ConcurrencyLimitedOrchestrationService(int maximumOrchestrations, int maximumActivities, ILoggerFactory? loggerFactory)
        : base(loggerFactory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumActivities, 1);
        orchestrationSlots = new SemaphoreSlim(maximumOrchestrations, maximumOrchestrations);
        activitySlots = new SemaphoreSlim(maximumActivities, maximumActivities);
    }

    // What the sidecar's dispatchers see: a limit they never reach, so they never enter their polling wait.
    public new int MaxConcurrentTaskOrchestrationWorkItems => int.MaxValue;

    public new int MaxConcurrentTaskActivityWorkItems => int.MaxValue;

    public new async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await orchestrationSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var workItem = await base.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
            runningOrchestrations.TryAdd(workItem, 0);
            return workItem;
        }
        catch
        {
            orchestrationSlots.Release();
            throw;
        }
    }

    // The sidecar releases every orchestration work item it fetched, completed or abandoned, in a finally.
    public new async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await base.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            if (runningOrchestrations.TryRemove(workItem, out _))
            {
                orchestrationSlots.Release();
            }
        }
    }

    public new async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await activitySlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var workItem = await base.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
            runningActivities.TryAdd(workItem, 0);
            return workItem;
        }
        catch
        {
            activitySlots.Release();
            throw;
        }
    }

    // The sidecar's release of an activity work item does not reach the service, so its completion or abandonment frees the slot.
    public new async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await base.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        }
        finally
        {
            FreeActivitySlot(workItem);
        }
    }

    public new async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await base.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            FreeActivitySlot(workItem);
        }
    }

    private void FreeActivitySlot(TaskActivityWorkItem workItem)
    {
        if (runningActivities.TryRemove(workItem, out _))
        {
            activitySlots.Release();
        }
    }
}
