using System.Buffers.Binary;
using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// The on-disk journal of one namespace: an append-only file of checksummed records, replayed on start, compacted into a
/// snapshot (written to a temporary file, then renamed over the journal) when it has grown past its bound.
/// </summary>
/// <remarks>
/// <para>
/// Each record is written to the operating system before the operation that caused it returns to the client: a killed
/// process loses nothing it acknowledged. The file is not flushed to the disk per record (fsync), so a power loss or an
/// operating-system crash may lose the last records; compaction's snapshot is flushed to the disk before it replaces the
/// journal. A record cut short by a kill, or damaged, ends the replay: it and anything after it are ignored, with a warning.
/// </para>
/// <para>
/// Frame: length of the body (4 bytes), CRC-32 of the body (4 bytes), the body (<see cref="JournalCodec"/>). Entities call
/// it under their own locks; it takes its own lock, never an entity's.
/// </para>
/// </remarks>
internal sealed class MessageJournal : IDisposable
{
    private const int FrameHeaderLength = 8;
    private static readonly byte[] Magic = "EKSBJNL1"u8.ToArray();

    private readonly object sync = new();
    private readonly string path;
    private readonly long compactionBytes;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MemoryStream record = new();
    private readonly BinaryWriter writer;
    private FileStream? file;
    private long bytesSinceCompaction;
    private long lastSnapshotBytes;
    private bool writeFailed;
    private bool disposed;

    private MessageJournal(string path, long compactionBytes, TimeProvider time, ILogger logger)
    {
        this.path = path;
        this.compactionBytes = compactionBytes;
        this.time = time;
        this.logger = logger;
        writer = new BinaryWriter(record);
    }

    /// <summary>What the journal holds: replayed on open, then kept up to date by every record.</summary>
    /// <remarks>Read it only before <see cref="StartWriting"/>, while nothing else writes.</remarks>
    public JournalState State { get; } = new();

    /// <summary>The journal file.</summary>
    public string FilePath => path;

    /// <summary>Opens the journal of <paramref name="namespaceName"/> in <paramref name="directory"/> (created if needed) and replays it into <see cref="State"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not an emulator journal.</exception>
    public static MessageJournal Open(string directory, string namespaceName, long compactionBytes, TimeProvider time, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var fileName = string.Concat(namespaceName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var journal = new MessageJournal(Path.Combine(directory, (fileName.Length == 0 ? "namespace" : fileName) + ".journal"), compactionBytes, time, logger);
        journal.Replay();
        return journal;
    }

    /// <summary>
    /// Ends the restore: writes what <see cref="State"/> holds as a fresh snapshot (dropping a torn tail) and appends
    /// every record from now on. Before this, records change <see cref="State"/> only.
    /// </summary>
    public void StartWriting()
    {
        lock (sync)
        {
            Compact();
        }
    }

    public void Stored(string storePath, BrokeredMessage message)
    {
        lock (sync)
        {
            var journaled = ToJournaled(message);
            State.Store(storePath, journaled);
            if (BeginRecord())
            {
                JournalCodec.WriteStored(writer, storePath, journaled);
                EndRecord();
            }
        }
    }

    public void Removed(string storePath, long sequenceNumber)
    {
        lock (sync)
        {
            State.Remove(storePath, sequenceNumber);
            if (BeginRecord())
            {
                JournalCodec.WriteRemoved(writer, storePath, sequenceNumber);
                EndRecord();
            }
        }
    }

    /// <summary>The message's delivery count, deferral or lock changed.</summary>
    public void StateChanged(string storePath, BrokeredMessage message)
    {
        var deferred = message.State == MessageState.Deferred;
        lock (sync)
        {
            State.ChangeState(storePath, message.SequenceNumber, message.DeliveryCount, deferred, message.IsLocked);
            if (BeginRecord())
            {
                JournalCodec.WriteStateChanged(writer, storePath, message.SequenceNumber, message.DeliveryCount, deferred, message.IsLocked);
                EndRecord();
            }
        }
    }

    /// <summary>A settlement changed the message's application properties.</summary>
    public void PropertiesChanged(string storePath, BrokeredMessage message)
    {
        var payload = EffectivePayload.Of(message);
        lock (sync)
        {
            State.ChangePayload(storePath, message.SequenceNumber, payload);
            if (BeginRecord())
            {
                JournalCodec.WritePropertiesChanged(writer, storePath, message.SequenceNumber, payload);
                EndRecord();
            }
        }
    }

    public void Scheduled(string entityPath, BrokeredMessage message, DateTime enqueueAt)
    {
        lock (sync)
        {
            var journaled = ToJournaled(message);
            State.Schedule(entityPath, journaled, enqueueAt);
            if (BeginRecord())
            {
                JournalCodec.WriteScheduled(writer, entityPath, journaled, enqueueAt);
                EndRecord();
            }
        }
    }

    public void Unscheduled(string entityPath, long sequenceNumber)
    {
        lock (sync)
        {
            State.Unschedule(entityPath, sequenceNumber);
            if (BeginRecord())
            {
                JournalCodec.WriteUnscheduled(writer, entityPath, sequenceNumber);
                EndRecord();
            }
        }
    }

    /// <summary>Duplicate detection accepted <paramref name="messageId"/>; it is remembered for <paramref name="window"/>.</summary>
    public void Seen(string entityPath, string messageId, DateTime seenAt, TimeSpan window)
    {
        var forgetAt = window >= DateTime.MaxValue - seenAt ? DateTime.MaxValue : seenAt + window;
        lock (sync)
        {
            State.See(entityPath, messageId, seenAt, forgetAt);
            if (BeginRecord())
            {
                JournalCodec.WriteSeen(writer, entityPath, messageId, seenAt, forgetAt);
                EndRecord();
            }
        }
    }

    public void SessionStateSet(string storePath, string sessionId, byte[]? state)
    {
        lock (sync)
        {
            State.SetSessionState(storePath, sessionId, state);
            if (BeginRecord())
            {
                JournalCodec.WriteSessionState(writer, storePath, sessionId, state);
                EndRecord();
            }
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            disposed = true;
            file?.Dispose();
            file = null;
            writer.Dispose();
        }
    }

    private static JournaledMessage ToJournaled(BrokeredMessage message) => new()
    {
        Payload = EffectivePayload.Of(message),
        SequenceNumber = message.SequenceNumber,
        EnqueuedTime = message.EnqueuedTime,
        ExpiresAt = message.ExpiresAt,
        DeliveryCount = message.DeliveryCount,
        Deferred = message.State == MessageState.Deferred,
        Locked = message.IsLocked,
        DeadLetterSource = message.DeadLetterSource,
        TransferHops = message.TransferHops,
    };

    /// <summary>Starts a record body in <see cref="record"/>; false while restoring or after disposal (only the state changes then).</summary>
    private bool BeginRecord()
    {
        if (file is null)
        {
            return false;
        }

        record.SetLength(FrameHeaderLength);
        record.Position = FrameHeaderLength;
        return true;
    }

    /// <summary>Frames the record and writes it to the file, then compacts if the journal has outgrown its bound.</summary>
    private void EndRecord()
    {
        writer.Flush();
        var length = (int)record.Length;
        var buffer = record.GetBuffer();
        Frame(buffer.AsSpan(0, length));
        try
        {
            file!.Write(buffer, 0, length);
            writeFailed = false;
        }
        catch (IOException exception)
        {
            // The emulator keeps serving from memory; the log says that a restart would now lose messages.
            if (!writeFailed)
            {
                logger.JournalWriteFailed(exception, path);
                writeFailed = true;
            }

            return;
        }

        bytesSinceCompaction += length;
        if (bytesSinceCompaction > Math.Max(compactionBytes, lastSnapshotBytes))
        {
            Compact();
        }
    }

    private static void Frame(Span<byte> frame)
    {
        var body = frame[FrameHeaderLength..];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.Compute(body));
    }

    /// <summary>Writes <see cref="State"/> to a temporary file, flushes it to the disk, renames it over the journal and appends to it from then on.</summary>
    private void Compact()
    {
        if (disposed)
        {
            return;
        }

        State.ForgetSeenBefore(time.GetUtcNow().UtcDateTime);
        var temporary = path + ".tmp";
        long written;
        using (var snapshot = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            snapshot.Write(Magic);
            foreach (var (snapshotRecord, length) in SnapshotRecords())
            {
                snapshot.Write(snapshotRecord, 0, length);
            }

            snapshot.Flush(flushToDisk: true);
            written = snapshot.Length;
        }

        file?.Dispose();
        File.Move(temporary, path, overwrite: true);
        file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        lastSnapshotBytes = written;
        bytesSinceCompaction = 0;
        logger.JournalCompacted(path, written);
    }

    /// <summary>The records that rebuild <see cref="State"/>, each framed in <see cref="record"/> (valid until the next one).</summary>
    private IEnumerable<(byte[] Record, int Length)> SnapshotRecords()
    {
        foreach (var (entityPath, sequenceNumber) in State.HighestSequenceNumbers)
        {
            yield return Framed(() => JournalCodec.WriteSequenceNumber(writer, entityPath, sequenceNumber));
        }

        foreach (var (storePath, messages) in State.Messages)
        {
            foreach (var message in messages.Values)
            {
                yield return Framed(() => JournalCodec.WriteStored(writer, storePath, message));
            }
        }

        foreach (var (entityPath, scheduled) in State.Scheduled)
        {
            foreach (var (message, enqueueAt) in scheduled.Values)
            {
                yield return Framed(() => JournalCodec.WriteScheduled(writer, entityPath, message, enqueueAt));
            }
        }

        foreach (var (entityPath, seen) in State.SeenMessageIds)
        {
            foreach (var (messageId, (seenAt, forgetAt)) in seen)
            {
                yield return Framed(() => JournalCodec.WriteSeen(writer, entityPath, messageId, seenAt, forgetAt));
            }
        }

        foreach (var (storePath, states) in State.SessionStates)
        {
            foreach (var (sessionId, state) in states)
            {
                yield return Framed(() => JournalCodec.WriteSessionState(writer, storePath, sessionId, state));
            }
        }
    }

    private (byte[] Record, int Length) Framed(Action write)
    {
        record.SetLength(FrameHeaderLength);
        record.Position = FrameHeaderLength;
        write();
        writer.Flush();
        var length = (int)record.Length;
        Frame(record.GetBuffer().AsSpan(0, length));
        return (record.GetBuffer(), length);
    }

    /// <summary>Applies every whole record of the file to <see cref="State"/>; stops, with a warning, at the first torn or damaged one.</summary>
    private void Replay()
    {
        if (!File.Exists(path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length)
        {
            if (bytes.Length > 0)
            {
                logger.JournalTailIgnored(path, 0, bytes.Length, "the file header is incomplete");
            }

            return;
        }

        if (!bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Service Bus emulator journal (it does not start with the journal header). Move it away or choose another data directory.");
        }

        var offset = Magic.Length;
        var records = 0;
        while (offset < bytes.Length)
        {
            if (TornAt(bytes, offset) is { } reason)
            {
                logger.JournalTailIgnored(path, offset, bytes.Length - offset, reason);
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            using var reader = new BinaryReader(new MemoryStream(bytes, offset + FrameHeaderLength, length, writable: false));
            try
            {
                JournalCodec.Apply(reader, State);
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or ArgumentException)
            {
                logger.JournalTailIgnored(path, offset, bytes.Length - offset, exception.Message);
                break;
            }

            offset += FrameHeaderLength + length;
            records++;
        }

        logger.JournalReplayed(path, records);
    }

    /// <summary>Why the record at <paramref name="offset"/> cannot be read, or null when it is whole.</summary>
    private static string? TornAt(byte[] bytes, int offset)
    {
        if (bytes.Length - offset < FrameHeaderLength)
        {
            return "the last record's header is incomplete";
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        if (length <= 0 || length > bytes.Length - offset - FrameHeaderLength)
        {
            return "the last record is incomplete";
        }

        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
        return Crc32.Compute(bytes.AsSpan(offset + FrameHeaderLength, length)) == checksum ? null : "a record's checksum does not match";
    }
}
