namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// The journal's record bodies: a <see cref="JournalRecordKind"/> byte, then its fields in little-endian binary.
/// Framing (length and checksum) is <see cref="MessageJournal"/>'s.
/// </summary>
internal static class JournalCodec
{
    public static void WriteStored(BinaryWriter writer, string path, JournaledMessage message)
    {
        writer.Write((byte)JournalRecordKind.MessageStored);
        writer.Write(path);
        WriteMessage(writer, message);
    }

    public static void WriteRemoved(BinaryWriter writer, string path, long sequenceNumber)
    {
        writer.Write((byte)JournalRecordKind.MessageRemoved);
        writer.Write(path);
        writer.Write(sequenceNumber);
    }

    public static void WriteStateChanged(BinaryWriter writer, string path, long sequenceNumber, int deliveryCount, bool deferred, bool locked)
    {
        writer.Write((byte)JournalRecordKind.MessageStateChanged);
        writer.Write(path);
        writer.Write(sequenceNumber);
        writer.Write(deliveryCount);
        writer.Write(deferred);
        writer.Write(locked);
    }

    public static void WritePropertiesChanged(BinaryWriter writer, string path, long sequenceNumber, byte[] payload)
    {
        writer.Write((byte)JournalRecordKind.MessagePropertiesChanged);
        writer.Write(path);
        writer.Write(sequenceNumber);
        WriteBytes(writer, payload);
    }

    public static void WriteScheduled(BinaryWriter writer, string path, JournaledMessage message, DateTime enqueueAt)
    {
        writer.Write((byte)JournalRecordKind.MessageScheduled);
        writer.Write(path);
        writer.Write(enqueueAt.Ticks);
        WriteMessage(writer, message);
    }

    public static void WriteUnscheduled(BinaryWriter writer, string path, long sequenceNumber)
    {
        writer.Write((byte)JournalRecordKind.MessageUnscheduled);
        writer.Write(path);
        writer.Write(sequenceNumber);
    }

    public static void WriteSeen(BinaryWriter writer, string path, string messageId, DateTime seenAt, DateTime forgetAt)
    {
        writer.Write((byte)JournalRecordKind.MessageIdSeen);
        writer.Write(path);
        writer.Write(messageId);
        writer.Write(seenAt.Ticks);
        writer.Write(forgetAt.Ticks);
    }

    public static void WriteSessionState(BinaryWriter writer, string path, string sessionId, byte[]? state)
    {
        writer.Write((byte)JournalRecordKind.SessionStateSet);
        writer.Write(path);
        writer.Write(sessionId);
        writer.Write(state is not null);
        if (state is not null)
        {
            WriteBytes(writer, state);
        }
    }

    public static void WriteSequenceNumber(BinaryWriter writer, string path, long sequenceNumber)
    {
        writer.Write((byte)JournalRecordKind.SequenceNumberReached);
        writer.Write(path);
        writer.Write(sequenceNumber);
    }

    /// <summary>Applies one record body to <paramref name="state"/>.</summary>
    /// <exception cref="InvalidDataException">The body is not a record this version writes.</exception>
    public static void Apply(BinaryReader reader, JournalState state)
    {
        var kind = (JournalRecordKind)reader.ReadByte();
        var path = reader.ReadString();
        switch (kind)
        {
            case JournalRecordKind.MessageStored:
                state.Store(path, ReadMessage(reader));
                break;
            case JournalRecordKind.MessageRemoved:
                state.Remove(path, reader.ReadInt64());
                break;
            case JournalRecordKind.MessageStateChanged:
                state.ChangeState(path, reader.ReadInt64(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean());
                break;
            case JournalRecordKind.MessagePropertiesChanged:
                state.ChangePayload(path, reader.ReadInt64(), ReadBytes(reader));
                break;
            case JournalRecordKind.MessageScheduled:
                var enqueueAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
                state.Schedule(path, ReadMessage(reader), enqueueAt);
                break;
            case JournalRecordKind.MessageUnscheduled:
                state.Unschedule(path, reader.ReadInt64());
                break;
            case JournalRecordKind.MessageIdSeen:
                state.See(path, reader.ReadString(), new DateTime(reader.ReadInt64(), DateTimeKind.Utc), new DateTime(reader.ReadInt64(), DateTimeKind.Utc));
                break;
            case JournalRecordKind.SessionStateSet:
                var sessionId = reader.ReadString();
                state.SetSessionState(path, sessionId, reader.ReadBoolean() ? ReadBytes(reader) : null);
                break;
            case JournalRecordKind.SequenceNumberReached:
                state.ReachSequenceNumber(path, reader.ReadInt64());
                break;
            default:
                throw new InvalidDataException($"Unknown journal record kind {(byte)kind}.");
        }
    }

    private static void WriteMessage(BinaryWriter writer, JournaledMessage message)
    {
        writer.Write(message.SequenceNumber);
        writer.Write(message.EnqueuedTime.Ticks);
        writer.Write(message.ExpiresAt.Ticks);
        writer.Write(message.DeliveryCount);
        writer.Write(message.Deferred);
        writer.Write(message.Locked);
        writer.Write(message.DeadLetterSource is not null);
        if (message.DeadLetterSource is not null)
        {
            writer.Write(message.DeadLetterSource);
        }

        writer.Write(message.TransferHops);
        WriteBytes(writer, message.Payload);
    }

    private static JournaledMessage ReadMessage(BinaryReader reader)
    {
        var sequenceNumber = reader.ReadInt64();
        var enqueuedTime = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var expiresAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var deliveryCount = reader.ReadInt32();
        var deferred = reader.ReadBoolean();
        var locked = reader.ReadBoolean();
        var deadLetterSource = reader.ReadBoolean() ? reader.ReadString() : null;
        var transferHops = reader.ReadInt32();
        return new JournaledMessage
        {
            SequenceNumber = sequenceNumber,
            EnqueuedTime = enqueuedTime,
            ExpiresAt = expiresAt,
            DeliveryCount = deliveryCount,
            Deferred = deferred,
            Locked = locked,
            DeadLetterSource = deadLetterSource,
            TransferHops = transferHops,
            Payload = ReadBytes(reader),
        };
    }

    private static void WriteBytes(BinaryWriter writer, byte[] bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("A journal record's byte field is longer than the record.");
        }

        return reader.ReadBytes(length);
    }
}
