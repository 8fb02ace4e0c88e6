using System.Collections.Concurrent;
using EventKit.ServiceBus.Emulator.Transactions;
using Microsoft.Azure.Amqp;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// Per-connection state: its transactions, and the reply links of <c>$cbs</c> and <c>$management</c>, found by the request's reply-to.
/// Azure routes a reply to the link whose target address or whose name equals reply-to: Microsoft.Azure.Amqp clients
/// set a target address, while rhea-based clients (the JavaScript SDK) attach with no target and use the link name.
/// </summary>
internal sealed class ConnectionState
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> replyLinks = new(StringComparer.Ordinal);

    /// <summary>The transactions this connection declared; those still open roll back when it closes.</summary>
    public TransactionCoordinator Transactions { get; } = new();

    /// <summary>Registers a reply link under its target address (when it has one) and its link name.</summary>
    public void AddReplyLink(string? targetAddress, SendingAmqpLink link)
    {
        Register(link.Name, link);
        if (!string.IsNullOrEmpty(targetAddress) && !string.Equals(targetAddress, link.Name, StringComparison.Ordinal))
        {
            Register(targetAddress, link);
        }
    }

    private void Register(string key, SendingAmqpLink link)
    {
        replyLinks[key] = link;
        link.Closed += (_, _) => replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(key, link));
    }

    /// <summary>Sends a reply on the link whose target address or name is the request's reply-to.</summary>
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
