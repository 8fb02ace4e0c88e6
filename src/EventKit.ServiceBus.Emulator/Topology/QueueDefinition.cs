namespace EventKit.ServiceBus.Emulator;

/// <summary>A queue in the topology.</summary>
/// <param name="Name">The queue name.</param>
/// <param name="Properties">The queue's properties.</param>
public sealed record QueueDefinition(string Name, EntityProperties Properties);
