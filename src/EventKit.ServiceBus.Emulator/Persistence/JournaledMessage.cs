namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// A message as the journal knows it: the payload as a receiver would get its bare message (application properties
/// changed by settlements or rule actions included), and the broker state that outlives a restart.
/// </summary>
internal sealed class JournaledMessage
{
    public required byte[] Payload { get; set; }

    public required long SequenceNumber { get; init; }

    public required DateTime EnqueuedTime { get; init; }

    public required DateTime ExpiresAt { get; init; }

    public int DeliveryCount { get; set; }

    public bool Deferred { get; set; }

    /// <summary>Whether a receiver held its lock when last written; a restart counts that lost lock as a delivery.</summary>
    public bool Locked { get; set; }

    public string? DeadLetterSource { get; init; }

    public int TransferHops { get; init; }
}
