namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>What the administration endpoint reports about an entity beyond the properties the broker acts on.</summary>
internal sealed class EntityMetadata(DateTimeOffset createdAt)
{
    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    /// <summary>Free text the user stores with the entity (Azure allows 1024 characters).</summary>
    public string? UserMetadata { get; set; }

    /// <summary>Reported as set; the emulator never deletes idle entities (it keeps nothing across restarts anyway).</summary>
    public TimeSpan AutoDeleteOnIdle { get; set; } = TimeSpan.MaxValue;
}
