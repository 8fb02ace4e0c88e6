using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// The payload the journal keeps for a message: the sender's bytes when nothing changed them, or the sender's bytes with
/// the application-properties section re-encoded when a settlement, a rule action or dead-lettering changed it. Decoding
/// it again gives the message back with its current properties.
/// </summary>
internal static class EffectivePayload
{
    public static byte[] Of(BrokeredMessage message)
    {
        if (!message.UserPropertiesChanged)
        {
            return message.Payload;
        }

        var layout = message.Layout;
        var payload = message.Payload;
        var buffer = new ByteBuffer(payload.Length + 256, true);
        AmqpBitConverter.WriteBytes(buffer, payload, 0, layout.ApplicationPropertiesStart);
        var applicationProperties = new ApplicationProperties();
        foreach (var (key, value) in message.UserProperties)
        {
            applicationProperties.Map[key] = value;
        }

        applicationProperties.Encode(buffer);
        AmqpBitConverter.WriteBytes(buffer, payload, layout.BodyStart, payload.Length - layout.BodyStart);
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }
}
