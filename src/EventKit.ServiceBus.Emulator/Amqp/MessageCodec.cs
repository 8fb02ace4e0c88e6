using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>Turns AMQP messages from senders into <see cref="BrokeredMessage"/>s and back into messages for receivers.</summary>
internal static class MessageCodec
{
    /// <summary>Decodes a transfer: one message, or each message of a batch (message format 0x80013700).</summary>
    public static List<BrokeredMessage> DecodeIncoming(AmqpMessage message)
    {
        if (message.MessageFormat == AmqpConstants.AmqpBatchedMessageFormat)
        {
            var batch = new List<BrokeredMessage>();
            foreach (var data in message.DataBody)
            {
                var segment = data.Value switch
                {
                    ArraySegment<byte> bytes => bytes,
                    byte[] array => new ArraySegment<byte>(array),
                    _ => throw new InvalidDataException("A batch Data section does not hold binary data."),
                };
                batch.Add(Decode(segment.ToArray()));
            }

            return batch;
        }

        return [Decode(ReadPayload(message))];
    }

    /// <summary>Decodes one encoded message (as found in a batch or a schedule request).</summary>
    public static BrokeredMessage Decode(byte[] payload)
    {
        var message = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(payload)]));
        var sections = message.Sections;
        var properties = (sections & SectionFlag.Properties) != 0 ? message.Properties : null;
        var header = (sections & SectionFlag.Header) != 0 ? message.Header : null;
        DateTime? scheduled = null;
        string? partitionKey = null;
        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            if (message.MessageAnnotations.Map.TryGetValue<DateTime>(MessageAnnotationNames.ScheduledEnqueueTime, out var at))
            {
                scheduled = at.ToUniversalTime();
            }

            message.MessageAnnotations.Map.TryGetValue(MessageAnnotationNames.PartitionKey, out partitionKey);
        }

        var system = new SystemProperties(
            properties?.MessageId?.ToString(),
            properties?.CorrelationId?.ToString(),
            properties?.Subject,
            properties?.To?.ToString(),
            properties?.ReplyTo?.ToString(),
            properties?.ReplyToGroupId,
            properties?.GroupId,
            properties?.ContentType.Value,
            header?.Ttl is { } ttl ? TimeSpan.FromMilliseconds(ttl) : null,
            scheduled,
            partitionKey);

        var user = new Dictionary<string, object?>(StringComparer.Ordinal);
        if ((sections & SectionFlag.ApplicationProperties) != 0)
        {
            foreach (var pair in message.ApplicationProperties.Map)
            {
                user[pair.Key.Key.ToString()!] = pair.Value;
            }
        }

        return new BrokeredMessage(payload, system, user);
    }

    /// <summary>Builds the message a receiver gets: the sender's message plus broker annotations, delivery count and changed properties.</summary>
    public static AmqpMessage Encode(BrokeredMessage message)
    {
        // A stream message re-encodes every non-body section from its decoded objects on send, so changes below go on the wire.
        var wire = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(message.Payload)]));
        wire.Deserialize(SectionFlag.All);
        wire.Header.DeliveryCount = (uint)message.DeliveryCount;
        var annotations = wire.MessageAnnotations.Map;
        annotations[MessageAnnotationNames.SequenceNumber] = message.SequenceNumber;
        annotations[MessageAnnotationNames.EnqueuedTime] = message.EnqueuedTime;
        if (message.IsLocked)
        {
            annotations[MessageAnnotationNames.LockedUntil] = message.LockedUntil;
        }

        if (message.State != MessageState.Active)
        {
            annotations[MessageAnnotationNames.MessageState] = (int)message.State;
        }

        if (message.UserPropertiesChanged)
        {
            var applicationProperties = new ApplicationProperties();
            foreach (var (key, value) in message.UserProperties)
            {
                applicationProperties.Map[key] = value;
            }

            wire.ApplicationProperties = applicationProperties;
        }

        return wire;
    }

    /// <summary>Encodes a message to bytes, for management replies (peek, receive by sequence number).</summary>
    public static ArraySegment<byte> EncodeToBytes(BrokeredMessage message)
    {
        using var wire = Encode(message);
        var segments = wire.GetPayload(int.MaxValue, out _);
        var bytes = new byte[segments.Sum(s => s.Count)];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.AsSpan().CopyTo(bytes.AsSpan(offset));
            offset += segment.Count;
        }

        return new ArraySegment<byte>(bytes);
    }

    private static byte[] ReadPayload(AmqpMessage message)
    {
        var stream = message.ToStream();
        var bytes = new byte[stream.Length];
        stream.Position = 0;
        stream.ReadExactly(bytes);
        stream.Position = 0;
        return bytes;
    }
}
