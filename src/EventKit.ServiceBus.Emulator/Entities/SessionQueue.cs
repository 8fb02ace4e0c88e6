namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>One session of a session-aware entity: its available messages, state, and lock. Guarded by the store lock.</summary>
internal sealed class SessionQueue(string id)
{
    public string Id { get; } = id;

    public SortedSet<long> Available { get; } = [];

    public byte[]? State { get; set; }

    public IMessageConsumer? Holder { get; set; }

    public DateTime LockedUntil { get; set; }

    public bool IsHeld(DateTime now) => Holder is not null && LockedUntil > now;
}
