using System.Collections.Concurrent;
using DurableTask.Core;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// Wraps a Durable backend (Azure Storage or in-memory) so that host.json's <c>maxConcurrentOrchestratorFunctions</c> /
/// <c>maxConcurrentActivityFunctions</c> are enforced the way the Functions host's dispatchers enforce them: a work item
/// is only fetched once a slot is free, and a finished work item frees its slot at once.
/// </summary>
/// <remarks>
/// The sidecar of InProcessTestHost 0.2.3-preview.1 ignores the limits the gRPC worker sends and limits each dispatcher to
/// the backend's own value (the in-memory backend: <see cref="Environment.ProcessorCount"/>); a dispatcher at its limit
/// re-checks only every 500 ms. On 2 cores that made the whole app run about four orchestration episodes per second,
/// however short they were (measured: 40 concurrent orders, the orchestration dispatcher waited in that poll for 52.0 s
/// of 52.1 s). Here the sidecar is told there is no limit, so it never polls, and fetching waits on a semaphore per
/// dispatcher instead.
/// <para>
/// Start and stop are made safe in any order. The sidecar starts the backend only once the app's worker connects and
/// stops it when its host stops, both from <c>async void</c> callbacks, and the kit stops it again when the host is
/// disposed; the Azure Storage backend throws <see cref="NullReferenceException"/> when stopped before or while it
/// starts, which there ends the process. So a stop waits for a start in progress, stops the backend only if it started
/// and only once, and a start after a stop does nothing (the host is going away). Everything else is passed to the
/// backend unchanged.
/// </para>
/// </remarks>
#pragma warning disable CA1001 // The semaphores never create a wait handle, and the sidecar may still be fetching while the provider is disposed.
internal sealed class ConcurrencyLimitedOrchestrationService : IOrchestrationService
#pragma warning restore CA1001
{
    private readonly IOrchestrationService inner;
    private readonly SemaphoreSlim orchestrationSlots;
    private readonly SemaphoreSlim activitySlots;
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private bool started;
    private bool stopped;

    // Keyed by reference: every activity work item of the in-memory backend has the id "0", and a work item must free its
    // slot exactly once even when the sidecar abandons it after a failed completion.
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, byte> runningOrchestrations = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TaskActivityWorkItem, byte> runningActivities = new(ReferenceEqualityComparer.Instance);

    public ConcurrencyLimitedOrchestrationService(IOrchestrationService inner, int maximumOrchestrations, int maximumActivities)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumActivities, 1);
        this.inner = inner;
        orchestrationSlots = new SemaphoreSlim(maximumOrchestrations, maximumOrchestrations);
        activitySlots = new SemaphoreSlim(maximumActivities, maximumActivities);
    }

    /// <summary>The backend this limits.</summary>
    public IOrchestrationService Inner => inner;

    // What the sidecar's dispatchers see: a limit they never reach, so they never enter their polling wait.
    public int MaxConcurrentTaskOrchestrationWorkItems => int.MaxValue;

    public int MaxConcurrentTaskActivityWorkItems => int.MaxValue;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await orchestrationSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        TaskOrchestrationWorkItem? workItem = null;
        try
        {
            workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A fetch that failed or found nothing (the Azure Storage backend returns null when it stops) holds no slot.
            if (workItem is null || !runningOrchestrations.TryAdd(workItem, 0))
            {
                orchestrationSlots.Release();
            }
        }

        return workItem;
    }

    // The sidecar releases every orchestration work item it fetched, completed or abandoned, in a finally.
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            if (runningOrchestrations.TryRemove(workItem, out _))
            {
                orchestrationSlots.Release();
            }
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await activitySlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        TaskActivityWorkItem? workItem = null;
        try
        {
            workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (workItem is null || !runningActivities.TryAdd(workItem, 0))
            {
                activitySlots.Release();
            }
        }

        return workItem;
    }

    // The sidecar's release of an activity work item does not reach the backend, so its completion or abandonment frees the slot.
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        }
        finally
        {
            FreeActivitySlot(workItem);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            FreeActivitySlot(workItem);
        }
    }

    public async Task StartAsync()
    {
        await lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!started && !stopped)
            {
                await inner.StartAsync().ConfigureAwait(false);
                started = true;
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        await lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!stopped)
            {
                stopped = true;
                if (started)
                {
                    await inner.StopAsync(isForced).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    private void FreeActivitySlot(TaskActivityWorkItem workItem)
    {
        if (runningActivities.TryRemove(workItem, out _))
        {
            activitySlots.Release();
        }
    }
}
