namespace EventKit.ServiceBus.Emulator;

/// <summary>The kind of an entity reported by the inspection API.</summary>
public enum EntityKind
{
    /// <summary>A queue.</summary>
    Queue,

    /// <summary>A topic (holds only scheduled messages; subscriptions hold the rest).</summary>
    Topic,

    /// <summary>A subscription of a topic.</summary>
    Subscription,
}
