namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>An entity that accepts sent messages: a queue or a topic.</summary>
internal interface ISendTarget
{
    string Path { get; }

    EntityProperties Properties { get; }

    ScheduledMessages Scheduled { get; }

    /// <summary>Accepts a message: drops duplicates, assigns a sequence number, and schedules or publishes it.</summary>
    /// <returns>The assigned sequence number, or -1 for a dropped duplicate.</returns>
    long Accept(BrokeredMessage message, DateTime? scheduleOverride = null);

    /// <summary>Publishes a message whose sequence number is set (a due scheduled message).</summary>
    void Publish(BrokeredMessage message);

    /// <summary>The store receivers read from (queues only).</summary>
    MessageStore? Store { get; }
}
