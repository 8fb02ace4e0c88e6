using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
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
        // The sections before the body: the body stays as the sender encoded it, so decoding it would only cost allocations.
        message.Deserialize(SectionFlag.Header | SectionFlag.DeliveryAnnotations | SectionFlag.MessageAnnotations | SectionFlag.Properties | SectionFlag.ApplicationProperties);
        var sections = message.Sections;
        var properties = (sections & SectionFlag.Properties) != 0 ? message.Properties : null;
        var header = (sections & SectionFlag.Header) != 0 ? message.Header : null;
        DateTime? scheduled = null;
        string? partitionKey = null;
        var senderAnnotations = new List<KeyValuePair<string, object>>();
        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            foreach (var pair in message.MessageAnnotations.Map)
            {
                senderAnnotations.Add(new KeyValuePair<string, object>(pair.Key.Key.ToString()!, pair.Value));
            }

            if (message.MessageAnnotations.Map.TryGetValue<DateTime>(MessageAnnotationNames.ScheduledEnqueueTime, out var at))
            {
                scheduled = at.ToUniversalTime();
            }

            message.MessageAnnotations.Map.TryGetValue(MessageAnnotationNames.PartitionKey, out partitionKey);
        }

        var user = new Dictionary<string, object?>(StringComparer.Ordinal);
        ApplicationProperties? applicationProperties = null;
        if ((sections & SectionFlag.ApplicationProperties) != 0)
        {
            applicationProperties = message.ApplicationProperties;
            foreach (var pair in applicationProperties.Map)
            {
                user[pair.Key.Key.ToString()!] = pair.Value;
            }
        }

        var bareStart = 0L;
        if (header is not null)
        {
            bareStart = Math.Max(bareStart, header.Offset + header.Length);
        }

        if ((sections & SectionFlag.DeliveryAnnotations) != 0)
        {
            bareStart = Math.Max(bareStart, message.DeliveryAnnotations.Offset + message.DeliveryAnnotations.Length);
        }

        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            bareStart = Math.Max(bareStart, message.MessageAnnotations.Offset + message.MessageAnnotations.Length);
        }

        var applicationPropertiesStart = properties is null ? bareStart : properties.Offset + properties.Length;
        var bodyStart = applicationProperties is null ? applicationPropertiesStart : applicationProperties.Offset + applicationProperties.Length;
        if (properties?.MessageId is null)
        {
            properties ??= new Properties();
            properties.MessageId = UniqueIds.NewGuid().ToString("N");
            var encoded = WithProperties(payload, properties, (int)bareStart, (int)applicationPropertiesStart);
            var shift = encoded.Length - payload.Length;
            payload = encoded;
            applicationPropertiesStart += shift;
            bodyStart += shift;
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

        var layout = new MessageLayout((int)bareStart, (int)applicationPropertiesStart, (int)bodyStart, header?.Ttl, header?.Durable, header?.Priority, senderAnnotations);
        return new BrokeredMessage(payload, layout, system, user);
    }

    /// <summary>
    /// Builds the message a receiver gets: a new header (delivery count) and message annotations (the sender's plus the
    /// broker's), then the sender's bare message bytes as they were, with the application properties re-encoded only
    /// when a settlement or rule action changed them.
    /// </summary>
    public static AmqpMessage Encode(BrokeredMessage message) =>
        AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([EncodeToBytes(message)]), true);

    /// <summary>Encodes a message as a receiver gets it, for transfers and for management replies (peek, receive by sequence number).</summary>
    public static ArraySegment<byte> EncodeToBytes(BrokeredMessage message)
    {
        var layout = message.Layout;
        var payload = message.Payload;
        var header = new Header { DeliveryCount = (uint)message.DeliveryCount, Ttl = layout.Ttl, Durable = layout.Durable, Priority = layout.Priority };
        var annotations = new MessageAnnotations();
        foreach (var (key, value) in layout.SenderAnnotations)
        {
            annotations.Map[key] = value;
        }

        annotations.Map[MessageAnnotationNames.SequenceNumber] = message.SequenceNumber;
        annotations.Map[MessageAnnotationNames.EnqueuedTime] = message.EnqueuedTime;
        if (message.IsLocked)
        {
            annotations.Map[MessageAnnotationNames.LockedUntil] = message.LockedUntil;
        }

        if (message.State != MessageState.Active)
        {
            annotations.Map[MessageAnnotationNames.MessageState] = (int)message.State;
        }

        var buffer = new ByteBuffer(payload.Length + 256, true);
        header.Encode(buffer);
        annotations.Encode(buffer);
        if (message.UserPropertiesChanged)
        {
            AmqpBitConverter.WriteBytes(buffer, payload, layout.BareStart, layout.ApplicationPropertiesStart - layout.BareStart);
            var applicationProperties = new ApplicationProperties();
            foreach (var (key, value) in message.UserProperties)
            {
                applicationProperties.Map[key] = value;
            }

            applicationProperties.Encode(buffer);
            AmqpBitConverter.WriteBytes(buffer, payload, layout.BodyStart, payload.Length - layout.BodyStart);
        }
        else
        {
            AmqpBitConverter.WriteBytes(buffer, payload, layout.BareStart, payload.Length - layout.BareStart);
        }

        return new ArraySegment<byte>(buffer.Buffer, buffer.Offset, buffer.Length);
    }

    /// <summary>
    /// The payload with its properties section replaced by <paramref name="properties"/> (inserted when there was none),
    /// the rest kept byte for byte. Used because Azure gives a message that arrives without a message-id one of its own,
    /// and clients rely on it: the JavaScript SDK tracks lock renewal by message id.
    /// </summary>
    private static byte[] WithProperties(byte[] payload, Properties properties, int bareStart, int applicationPropertiesStart)
    {
        var buffer = new ByteBuffer(payload.Length + 64, true);
        AmqpBitConverter.WriteBytes(buffer, payload, 0, bareStart);
        properties.Encode(buffer);
        AmqpBitConverter.WriteBytes(buffer, payload, applicationPropertiesStart, payload.Length - applicationPropertiesStart);
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
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
