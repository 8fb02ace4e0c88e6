using System.Text.Json;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// The queues, topics and subscriptions a Service Bus topology file declares, in the official emulator's Config.json
/// shape (<c>UserConfig.Namespaces[].Queues[]</c>, <c>Topics[].Subscriptions[]</c>), and which of them require sessions.
/// Service Bus entity names are case-insensitive, and so is every lookup here.
/// </summary>
internal sealed class ServiceBusTopologyFile
{
    private readonly HashSet<string> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> sessionEntities = new(StringComparer.OrdinalIgnoreCase);

    private ServiceBusTopologyFile(string path) => Path = path;

    public string Path { get; }

    public static ServiceBusTopologyFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Service Bus topology file {path} (FunctionsTestHostOptions.ServiceBusTopologyPath) does not exist.", path);
        }

        var topology = new ServiceBusTopologyFile(path);
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        foreach (var ns in Array(Property(document.RootElement, "UserConfig"), "Namespaces"))
        {
            foreach (var queue in Array(ns, "Queues"))
            {
                topology.queues.Add(Name(queue));
                topology.NoteSessions(queue, Name(queue));
            }

            foreach (var topic in Array(ns, "Topics"))
            {
                var names = topology.subscriptions.TryGetValue(Name(topic), out var existing) ? existing : topology.subscriptions[Name(topic)] = new(StringComparer.OrdinalIgnoreCase);
                foreach (var subscription in Array(topic, "Subscriptions"))
                {
                    names.Add(Name(subscription));
                    topology.NoteSessions(subscription, $"{Name(topic)}/{Name(subscription)}");
                }
            }
        }

        return topology;
    }

    public bool DeclaresQueue(string name) => queues.Contains(name);

    public bool DeclaresTopic(string name) => subscriptions.ContainsKey(name);

    public bool DeclaresSubscription(string topic, string subscription) =>
        subscriptions.TryGetValue(topic, out var names) && names.Contains(subscription);

    /// <summary>Whether the declared queue, or subscription <c>topic/subscription</c>, has <c>RequiresSession</c> true.</summary>
    public bool RequiresSession(string queueOrTopicSlashSubscription) => sessionEntities.Contains(queueOrTopicSlashSubscription);

    private void NoteSessions(JsonElement entity, string path)
    {
        if (Property(Property(entity, "Properties"), "RequiresSession") is { ValueKind: JsonValueKind.True })
        {
            sessionEntities.Add(path);
        }
    }

    private static string Name(JsonElement entity) =>
        Property(entity, "Name") is { ValueKind: JsonValueKind.String } name ? name.GetString()! : string.Empty;

    private static List<JsonElement> Array(JsonElement? parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];

    private static JsonElement? Property(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value) ? value : null;
}
