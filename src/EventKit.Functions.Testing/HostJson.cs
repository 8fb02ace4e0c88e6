using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing;

/// <summary>The parts of host.json the kit honours, with the real host's defaults when a value is absent.</summary>
internal sealed class HostJson
{
    /// <summary>extensions.http.routePrefix; default "api".</summary>
    public string RoutePrefix { get; private init; } = "api";

    /// <summary>extensions.serviceBus.maxConcurrentCalls; default 16 × processor count.</summary>
    public int MaxConcurrentCalls { get; private init; } = 16 * Environment.ProcessorCount;

    /// <summary>extensions.serviceBus.maxConcurrentSessions; default 8.</summary>
    public int MaxConcurrentSessions { get; private init; } = 8;

    /// <summary>extensions.serviceBus.maxAutoLockRenewalDuration; default 5 minutes.</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; private init; } = TimeSpan.FromMinutes(5);

    /// <summary>extensions.serviceBus.autoCompleteMessages; default true.</summary>
    public bool AutoCompleteMessages { get; private init; } = true;

    /// <summary>extensions.serviceBus.prefetchCount; default 0.</summary>
    public int PrefetchCount { get; private init; }

    /// <summary>extensions.serviceBus.maxMessageBatchSize; default 1000.</summary>
    public int MaxMessageBatchSize { get; private init; } = 1000;

    /// <summary>The Durable Functions default of both concurrency limits outside the Consumption plan: 10 per core.</summary>
    public static int DefaultMaxConcurrentDurableFunctions => 10 * Environment.ProcessorCount;

    /// <summary>extensions.durableTask.maxConcurrentActivityFunctions; null = <see cref="DefaultMaxConcurrentDurableFunctions"/>.</summary>
    public int? MaxConcurrentActivityFunctions { get; private init; }

    /// <summary>extensions.durableTask.maxConcurrentOrchestratorFunctions; null = <see cref="DefaultMaxConcurrentDurableFunctions"/>.</summary>
    public int? MaxConcurrentOrchestratorFunctions { get; private init; }

    /// <summary>extensions.durableTask.hubName; null = the Functions host's local default (see <see cref="Durable.AzureStorageTaskHub"/>).</summary>
    public string? HubName { get; private init; }

    /// <summary>extensions.durableTask.storageProvider.type; null = AzureStorage, the Durable extension's default.</summary>
    public string? DurableStorageProviderType { get; private init; }

    /// <summary>extensions.durableTask.storageProvider.partitionCount; null = the backend's default.</summary>
    public int? PartitionCount { get; private init; }

    /// <summary>extensions.durableTask.storageProvider.maxQueuePollingInterval; null = the backend's default.</summary>
    public TimeSpan? MaxQueuePollingInterval { get; private init; }

    /// <summary>extensions.durableTask.storageProvider.controlQueueVisibilityTimeout; null = the backend's default (5 minutes).</summary>
    public TimeSpan? ControlQueueVisibilityTimeout { get; private init; }

    /// <summary>extensions.durableTask.storageProvider.workItemQueueVisibilityTimeout; null = the backend's default (5 minutes).</summary>
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; private init; }

    /// <summary>
    /// logging.logLevel: category prefix → minimum level (<c>default</c> for everything else), as the Functions host
    /// filters its logs; empty when absent.
    /// </summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; private init; } = new Dictionary<string, LogLevel>();

    public static HostJson Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new HostJson();
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var defaults = new HostJson();
        var extensions = Find(document.RootElement, "extensions");
        var http = extensions is { } e ? Find(e, "http") : null;
        var serviceBus = extensions is { } e2 ? Find(e2, "serviceBus") : null;
        var durableTask = extensions is { } e3 ? Find(e3, "durableTask") : null;
        var storageProvider = durableTask is { } d ? Find(d, "storageProvider") : null;
        var logLevel = Find(document.RootElement, "logging") is { } logging ? Find(logging, "logLevel") : null;
        return new HostJson
        {
            RoutePrefix = (http is { } h && Find(h, "routePrefix") is { } prefix ? Text(prefix) : null) ?? defaults.RoutePrefix,
            MaxConcurrentCalls = Int(serviceBus, "maxConcurrentCalls") ?? defaults.MaxConcurrentCalls,
            MaxConcurrentSessions = Int(serviceBus, "maxConcurrentSessions") ?? defaults.MaxConcurrentSessions,
            MaxAutoLockRenewalDuration = serviceBus is { } s && Find(s, "maxAutoLockRenewalDuration")?.GetString() is { } renewal
                ? TimeSpan.Parse(renewal, CultureInfo.InvariantCulture)
                : defaults.MaxAutoLockRenewalDuration,
            AutoCompleteMessages = serviceBus is { } s2 && Find(s2, "autoCompleteMessages") is { } auto ? bool.Parse(Text(auto)) : defaults.AutoCompleteMessages,
            PrefetchCount = Int(serviceBus, "prefetchCount") ?? defaults.PrefetchCount,
            MaxMessageBatchSize = Int(serviceBus, "maxMessageBatchSize") ?? defaults.MaxMessageBatchSize,
            MaxConcurrentActivityFunctions = Int(durableTask, "maxConcurrentActivityFunctions"),
            MaxConcurrentOrchestratorFunctions = Int(durableTask, "maxConcurrentOrchestratorFunctions"),
            LogLevels = logLevel is { ValueKind: JsonValueKind.Object } levels
                ? levels.EnumerateObject().ToDictionary(static l => l.Name, static l => Enum.Parse<LogLevel>(l.Value.GetString()!, ignoreCase: true), StringComparer.OrdinalIgnoreCase)
                : defaults.LogLevels,
            HubName = durableTask is { } d2 ? Find(d2, "hubName")?.GetString() : null,
            DurableStorageProviderType = storageProvider is { } p ? Find(p, "type")?.GetString() : null,
            PartitionCount = Int(storageProvider, "partitionCount"),
            MaxQueuePollingInterval = Duration(storageProvider, "maxQueuePollingInterval"),
            ControlQueueVisibilityTimeout = Duration(storageProvider, "controlQueueVisibilityTimeout"),
            WorkItemQueueVisibilityTimeout = Duration(storageProvider, "workItemQueueVisibilityTimeout"),
        };
    }

    private static TimeSpan? Duration(JsonElement? section, string name) =>
        section is { } s && Find(s, name)?.GetString() is { } value ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : null;

    private static int? Int(JsonElement? section, string name) =>
        section is { } s && Find(s, name) is { } value ? int.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    // The real host binds host.json through configuration, where every value is text: "16" and 16 are both a number.
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    // host.json property names are case-insensitive in the real host.
    private static JsonElement? Find(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
