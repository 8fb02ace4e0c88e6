namespace EventKit.ServiceBus.Emulator;

/// <summary>A subscription of a topic.</summary>
/// <param name="Name">The subscription name.</param>
/// <param name="Properties">The subscription's properties.</param>
/// <param name="Rules">The subscription's rules; when empty, the subscription receives every message (rule <c>$Default</c>).</param>
public sealed record SubscriptionDefinition(string Name, EntityProperties Properties, IReadOnlyList<RuleDefinition> Rules);
