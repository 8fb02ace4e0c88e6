namespace EventKit.Functions.Testing.Durable;

/// <summary>Where <see cref="FunctionsTestHost"/> keeps Durable orchestration state.</summary>
public enum DurableBackend
{
    /// <summary>
    /// The Azure Storage backend the deployed app runs on (host.json <c>storageProvider</c> <c>AzureStorage</c>), over the
    /// <c>AzureWebJobsStorage</c> connection (Azurite locally): task hub queues, tables and leases are real, state survives
    /// a host restart, and Azure's task hub name rules apply. The default.
    /// </summary>
    AzureStorage,

    /// <summary>
    /// The in-process test host's in-memory backend: no storage needed and the fastest start, but state is lost with the
    /// host and hub names are not checked. For orchestration unit tests.
    /// </summary>
    InMemory,
}
