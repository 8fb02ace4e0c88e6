using DurableTask.AzureStorage;
using EventKit.Functions.Testing.Startup;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// The Azure Storage backend's settings, taken from host.json's <c>extensions.durableTask</c> the way the Durable
/// extension takes them, plus the kit's local overrides (<see cref="FunctionsTestHostOptions.DurableTaskHubName"/>,
/// <see cref="FunctionsTestHostOptions.DurableMaxQueuePollingInterval"/>, <see cref="FunctionsTestHostOptions.DurableQueueVisibilityTimeout"/>).
/// </summary>
internal static class AzureStorageTaskHub
{
    /// <summary>The hub name the Functions host uses when host.json names none and the app runs outside Azure.</summary>
    public const string DefaultHubName = "TestHubName";

    /// <summary>The Durable extension's default <c>partitionCount</c>.</summary>
    public const int DefaultPartitionCount = 4;

    /// <summary>The Durable extension's default <c>maxQueuePollingInterval</c>.</summary>
    public static readonly TimeSpan DefaultMaxQueuePollingInterval = TimeSpan.FromSeconds(30);

    /// <summary>The backend's default <c>controlQueueVisibilityTimeout</c> and <c>workItemQueueVisibilityTimeout</c>.</summary>
    public static readonly TimeSpan DefaultQueueVisibilityTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The app setting that holds the storage connection, as in the Functions host.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";


    /// <exception cref="InvalidOperationException">The hub name is invalid or the storage provider is not Azure Storage.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The visibility cap is zero or negative.</exception>
    public static AzureStorageOrchestrationServiceSettings Settings(
        HostJson hostJson,
        string connectionString,
        string? hubNameOverride,
        TimeSpan? pollingOverride,
        TimeSpan? visibilityCap,
        DurableConcurrency limits,
        ILoggerFactory loggerFactory)
    {
        if (hostJson.DurableStorageProviderType is { } type && !string.Equals(type, "AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"host.json extensions.durableTask.storageProvider.type is '{type}'; the kit runs the AzureStorage provider (over Azurite) or, with DurableBackend.InMemory, an in-memory one.");
        }

        var hubName = hubNameOverride ?? hostJson.HubName ?? DefaultHubName;
        if (!TaskHubNameRule.Accepts(hubName))
        {
            throw new InvalidOperationException(
                $"Durable task hub name '{hubName}' ({(hubNameOverride is null ? "host.json extensions.durableTask.hubName" : nameof(FunctionsTestHostOptions.DurableTaskHubName))}) is not valid for the Azure Storage backend: use {TaskHubNameRule.Description}.");
        }

        if (visibilityCap is { } cap && cap <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityCap), cap, $"{nameof(FunctionsTestHostOptions.DurableQueueVisibilityTimeout)} must be longer than zero, or null to keep host.json's visibility timeouts.");
        }

        var polling = hostJson.MaxQueuePollingInterval ?? DefaultMaxQueuePollingInterval;
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = hostJson.PartitionCount ?? DefaultPartitionCount,
            MaxQueuePollingInterval = Capped(polling, pollingOverride),
            ControlQueueVisibilityTimeout = Capped(hostJson.ControlQueueVisibilityTimeout ?? DefaultQueueVisibilityTimeout, visibilityCap),
            WorkItemQueueVisibilityTimeout = Capped(hostJson.WorkItemQueueVisibilityTimeout ?? DefaultQueueVisibilityTimeout, visibilityCap),
            MaxConcurrentTaskOrchestrationWorkItems = limits.Orchestrations,
            MaxConcurrentTaskActivityWorkItems = limits.Activities,

            // The Durable extension's default since 3.0: partitions are leased through a table rather than blobs.
            UseTablePartitionManagement = true,

            // One name per process: a process that was killed leaves its partition leases behind under its name, and a
            // new process with the same name (the machine's, the default) would take them for its own without ever
            // listening on their control queues; under its own name it takes them over once they expire.
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}",
            LoggerFactory = loggerFactory,
        };
    }

    private static TimeSpan Capped(TimeSpan value, TimeSpan? cap) => cap is { } local && local < value ? local : value;
}
