namespace EventKit.ServiceBus.Emulator;

/// <summary>Message counts of one entity, as Azure's runtime properties report them.</summary>
/// <param name="Path">The entity path, e.g. <c>orders/Subscriptions/fulfillment</c>.</param>
/// <param name="Kind">Queue, topic or subscription.</param>
/// <param name="Active">Messages available or locked (Azure's ActiveMessageCount includes locked messages).</param>
/// <param name="Scheduled">Messages scheduled for later enqueue (queues and topics).</param>
/// <param name="DeadLetter">Messages in the dead-letter sub-queue.</param>
/// <param name="Deferred">Deferred messages.</param>
/// <param name="Locked">Messages currently locked by a peek-lock receiver (part of <paramref name="Active"/>).</param>
public sealed record EntityCounts(string Path, EntityKind Kind, long Active, long Scheduled, long DeadLetter, long Deferred, long Locked)
{
    /// <summary>All messages: active, scheduled, dead-lettered and deferred.</summary>
    public long Total => Active + Scheduled + DeadLetter + Deferred;
}
