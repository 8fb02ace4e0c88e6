namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// The bytes a queue or topic holds against its <see cref="EntityProperties.MaxSizeInMegabytes"/>. Stores and the
/// schedule add a message's size when they take it and subtract it when they let it go, so checking room for a send
/// costs one read, never a walk over the messages. It is shared by every store of the entity (a queue and its
/// dead-letter queue; a topic's schedule and each subscription with its dead-letter queue) without a lock.
/// </summary>
internal sealed class EntitySizeQuota
{
    private const long BytesPerMegabyte = 1024 * 1024;
    private long usedBytes;
    private long maxBytes;

    public EntitySizeQuota(long maxSizeInMegabytes) => SetMaxSizeInMegabytes(maxSizeInMegabytes);

    public long MaxBytes => Volatile.Read(ref maxBytes);

    /// <summary>Changes the limit (an entity updated at run time). Messages already held stay, even above a lowered limit.</summary>
    public void SetMaxSizeInMegabytes(long maxSizeInMegabytes) => Volatile.Write(ref maxBytes, maxSizeInMegabytes * BytesPerMegabyte);

    /// <summary>The bytes held now, including bytes reserved by sends in open transactions.</summary>
    public long UsedBytes => Volatile.Read(ref usedBytes);

    /// <summary>Whether <paramref name="bytes"/> more fit. Concurrent senders may together overshoot by one send each, as the check and the add are separate.</summary>
    public bool HasRoomFor(long bytes) => UsedBytes + bytes <= MaxBytes;

    /// <summary>Reserves room for a send that is held back (a transactional send until its commit); false when it does not fit.</summary>
    public bool TryReserve(long bytes)
    {
        var current = UsedBytes;
        while (current + bytes <= MaxBytes)
        {
            var seen = Interlocked.CompareExchange(ref usedBytes, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Add(long bytes) => Interlocked.Add(ref usedBytes, bytes);

    public void Subtract(long bytes) => Interlocked.Add(ref usedBytes, -bytes);

    public string Describe(string entityPath) =>
        $"The maximum entity size has been reached or exceeded for '{entityPath}'. Size of entity in bytes: {UsedBytes}, max entity size in bytes: {MaxBytes}.";
}
