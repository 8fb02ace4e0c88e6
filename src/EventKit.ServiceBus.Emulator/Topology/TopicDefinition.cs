namespace EventKit.ServiceBus.Emulator;

/// <summary>A topic and its subscriptions in the topology.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Properties">The topic's properties (duplicate detection, default time to live).</param>
/// <param name="Subscriptions">The topic's subscriptions.</param>
public sealed record TopicDefinition(string Name, EntityProperties Properties, IReadOnlyList<SubscriptionDefinition> Subscriptions);
