using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>Per-connection state: the reply links of <c>$cbs</c> and <c>$management</c>, keyed by their target address.</summary>
internal sealed class ConnectionState
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> replyLinks = new(StringComparer.Ordinal);

    public void AddReplyLink(string address, SendingAmqpLink link)
    {
        replyLinks[address] = link;
        link.Closed += (_, _) => replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(address, link));
    }

    /// <summary>Sends a reply on the link whose target is the request's reply-to address.</summary>
    public bool TrySendReply(string? replyTo, AmqpMessage reply)
    {
        if (replyTo is null || !replyLinks.TryGetValue(replyTo, out var link))
        {
            reply.Dispose();
            return false;
        }

        try
        {
            link.SendMessageNoWait(reply, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary);
            return true;
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            return false;
        }
    }
}
