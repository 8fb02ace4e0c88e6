namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// The host.json sections the kit reads, with the keys the real host and its extensions define there. In a closed section
/// every key is listed, so an unlisted key is a typo the real host would silently ignore; in an open section only the keys
/// the kit reads are listed and other keys are left alone.
/// </summary>
internal static class HostJsonSections
{
    public static IReadOnlyList<HostJsonSection> All { get; } =
    [
        new("extensions.http", Closed: true,
        [
            new("routePrefix", HostJsonValueKind.Text),
            new("maxOutstandingRequests", HostJsonValueKind.Integer),
            new("maxConcurrentRequests", HostJsonValueKind.Integer),
            new("dynamicThrottlesEnabled", HostJsonValueKind.Flag),
            new("hsts", HostJsonValueKind.Section),
            new("customHeaders", HostJsonValueKind.Section),
        ]),

        // The Service Bus extension 5.x (ServiceBusOptions). The 4.x keys (messageHandlerOptions, sessionHandlerOptions,
        // batchOptions) are not listed: 5.x ignores them, so they would configure nothing.
        new("extensions.serviceBus", Closed: true,
        [
            new("prefetchCount", HostJsonValueKind.Integer, Minimum: 0),
            new("clientRetryOptions", HostJsonValueKind.Section),
            new("transportType", HostJsonValueKind.Text),
            new("webProxy", HostJsonValueKind.Text),
            new("autoCompleteMessages", HostJsonValueKind.Flag),
            new("maxAutoLockRenewalDuration", HostJsonValueKind.Duration),
            new("maxConcurrentCalls", HostJsonValueKind.Integer, Minimum: 1),
            new("maxConcurrentSessions", HostJsonValueKind.Integer, Minimum: 1),
            new("maxConcurrentCallsPerSession", HostJsonValueKind.Integer, Minimum: 1),
            new("maxMessageBatchSize", HostJsonValueKind.Integer, Minimum: 1),
            new("minMessageBatchSize", HostJsonValueKind.Integer, Minimum: 1),
            new("maxBatchWaitTime", HostJsonValueKind.Duration),
            new("sessionIdleTimeout", HostJsonValueKind.Duration),
            new("enableCrossEntityTransactions", HostJsonValueKind.Flag),
        ]),
        new("extensions.serviceBus.clientRetryOptions", Closed: true,
        [
            new("mode", HostJsonValueKind.Text),
            new("tryTimeout", HostJsonValueKind.Duration),
            new("delay", HostJsonValueKind.Duration),
            new("maxDelay", HostJsonValueKind.Duration),
            new("maxRetries", HostJsonValueKind.Integer, Minimum: 0),
        ]),
        new("extensions.durableTask", Closed: false,
        [
            new("hubName", HostJsonValueKind.Text),
            new("storageProvider", HostJsonValueKind.Section),
            new("maxConcurrentActivityFunctions", HostJsonValueKind.Integer, Minimum: 1),
            new("maxConcurrentOrchestratorFunctions", HostJsonValueKind.Integer, Minimum: 1),
        ]),
        new("extensions.durableTask.storageProvider", Closed: false,
        [
            new("type", HostJsonValueKind.Text),
            new("partitionCount", HostJsonValueKind.Integer, Minimum: 1, Maximum: 16),
            new("maxQueuePollingInterval", HostJsonValueKind.Duration),
            new("controlQueueVisibilityTimeout", HostJsonValueKind.PositiveDuration),
            new("workItemQueueVisibilityTimeout", HostJsonValueKind.PositiveDuration),
        ]),
    ];
}
