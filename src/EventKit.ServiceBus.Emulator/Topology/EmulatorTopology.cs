using System.Text.Json;
using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// The queues, topics, subscriptions and rules the emulator serves, in the official emulator's Config.json shape.
/// </summary>
public sealed class EmulatorTopology
{
    private EmulatorTopology(string namespaceName, IReadOnlyList<QueueDefinition> queues, IReadOnlyList<TopicDefinition> topics)
    {
        NamespaceName = namespaceName;
        Queues = queues;
        Topics = topics;
    }

    /// <summary>The namespace name from the configuration (informational).</summary>
    public string NamespaceName { get; }

    /// <summary>The queues.</summary>
    public IReadOnlyList<QueueDefinition> Queues { get; }

    /// <summary>The topics with their subscriptions.</summary>
    public IReadOnlyList<TopicDefinition> Topics { get; }

    /// <summary>An empty topology.</summary>
    public static EmulatorTopology Empty { get; } = new("sbemulatorns", [], []);

    /// <summary>Builds and validates a topology in code.</summary>
    /// <param name="queues">The queues.</param>
    /// <param name="topics">The topics.</param>
    /// <returns>The validated topology.</returns>
    /// <exception cref="EmulatorTopologyException">An entity or property is invalid.</exception>
    public static EmulatorTopology Create(IEnumerable<QueueDefinition>? queues = null, IEnumerable<TopicDefinition>? topics = null)
    {
        var topology = new EmulatorTopology("sbemulatorns", (queues ?? []).ToList(), (topics ?? []).ToList());
        TopologyValidator.Validate(topology);
        return topology;
    }

    /// <summary>
    /// A copy in which every queue and subscription locks what it delivers for <paramref name="lockDuration"/>, for a
    /// test or a local run that drops its receivers on purpose and should not wait out the deployed lock for each
    /// message they held. Everything else is as in this topology.
    /// </summary>
    /// <param name="lockDuration">The peek-lock duration (positive; may be below Azure's 5-second minimum).</param>
    /// <returns>The validated copy.</returns>
    public EmulatorTopology WithLockDuration(TimeSpan lockDuration)
    {
        var copy = new EmulatorTopology(
            NamespaceName,
            [.. Queues.Select(queue => queue with { Properties = queue.Properties with { LockDuration = lockDuration } })],
            [.. Topics.Select(topic => topic with
            {
                Subscriptions = [.. topic.Subscriptions.Select(subscription => subscription with { Properties = subscription.Properties with { LockDuration = lockDuration } })],
            })]);
        TopologyValidator.Validate(copy);
        return copy;
    }

    /// <summary>Reads and validates a Config.json file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The validated topology.</returns>
    /// <exception cref="EmulatorTopologyException">The file is not valid; the message names the entity and property.</exception>
    public static EmulatorTopology Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException exception)
        {
            throw new EmulatorTopologyException($"Cannot read topology file '{path}': {exception.Message}", exception);
        }

        return Parse(json);
    }

    /// <summary>Parses and validates Config.json text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The validated topology.</returns>
    /// <exception cref="EmulatorTopologyException">The text is not valid; the message names the entity and property.</exception>
    public static EmulatorTopology Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new EmulatorTopologyException($"The topology is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var (name, queues, topics) = TopologyJsonReader.Read(document.RootElement);
            var topology = new EmulatorTopology(name, queues, topics);
            TopologyValidator.Validate(topology);
            return topology;
        }
    }

    internal static CompiledRule CompileRule(string owner, RuleDefinition rule) => CompiledRule.Compile(owner, rule);
}
