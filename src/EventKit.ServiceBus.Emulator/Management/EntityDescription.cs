namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>A queue, topic or subscription description read from a create or update request.</summary>
/// <param name="Properties">The properties the broker acts on.</param>
/// <param name="UserMetadata">The user's free text, if any.</param>
/// <param name="AutoDeleteOnIdle">The idle time after which Azure would delete the entity (reported, not enforced).</param>
/// <param name="DefaultRule">The rule a subscription is created with instead of <c>$Default</c>, if any.</param>
internal sealed record EntityDescription(EntityProperties Properties, string? UserMetadata, TimeSpan AutoDeleteOnIdle, RuleDefinition? DefaultRule);
