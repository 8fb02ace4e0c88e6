using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>
/// A bare AMQP 1.0 client (Microsoft.Azure.Amqp, no Service Bus SDK) for the shapes other clients use and the SDK does
/// not: reply links without a target, messages without a message-id, sends that ignore the advertised size limit.
/// </summary>
internal sealed class RawAmqpClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AmqpConnection connection;
    private readonly AmqpSession session;

    private RawAmqpClient(AmqpConnection connection, AmqpSession session)
    {
        this.connection = connection;
        this.session = session;
    }

    public static async Task<RawAmqpClient> ConnectAsync(int port)
    {
        var settings = new AmqpSettings();
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);

        var transport = await new AmqpTransportInitiator(settings, new TcpTransportSettings { Host = "127.0.0.1", Port = port }).ConnectTaskAsync(Timeout);
        var connection = new AmqpConnection(transport, settings, new AmqpConnectionSettings { ContainerId = "raw-client", HostName = "127.0.0.1" });
        await connection.OpenAsync(Timeout);
        var session = connection.CreateSession(new AmqpSessionSettings());
        await session.OpenAsync(Timeout);
        return new RawAmqpClient(connection, session);
    }

    /// <summary>Opens a sending link; with <paramref name="transferDestination"/>, a "send via" link: attached to <paramref name="address"/>, delivering to the destination.</summary>
    public async Task<SendingAmqpLink> OpenSenderAsync(string name, string address, string? transferDestination = null)
    {
        var settings = new AmqpLinkSettings
        {
            LinkName = name,
            Role = false,
            Source = new Source { Address = name },
            Target = new Target { Address = address },
            SettleType = SettleMode.SettleOnReceive,
        };
        if (transferDestination is not null)
        {
            settings.AddProperty("com.microsoft:transfer-destination-address", transferDestination);
        }

        var link = new SendingAmqpLink(session, settings);
        await link.OpenAsync(Timeout);
        return link;
    }

    /// <summary>Opens a link to the transaction coordinator (a sender whose target is a coordinator), as a transactional client does.</summary>
    public async Task<SendingAmqpLink> OpenCoordinatorAsync(string name)
    {
        var link = new SendingAmqpLink(session, new AmqpLinkSettings
        {
            LinkName = name,
            Role = false,
            Source = new Source { Address = name },
            Target = new Microsoft.Azure.Amqp.Transaction.Coordinator(),
            SettleType = SettleMode.SettleOnReceive,
        });
        await link.OpenAsync(Timeout);
        return link;
    }

    /// <summary>Opens a receiving link; a <paramref name="targetAddress"/> of null attaches with an empty target, as rhea does.</summary>
    public async Task<ReceivingAmqpLink> OpenReceiverAsync(string name, string sourceAddress, string? targetAddress)
    {
        var link = new ReceivingAmqpLink(session, new AmqpLinkSettings
        {
            LinkName = name,
            Role = true,
            Source = new Source { Address = sourceAddress },
            Target = new Target { Address = targetAddress },
            SettleType = SettleMode.SettleOnSend,
            TotalLinkCredit = 10,
            AutoSendFlow = true,
        });
        await link.OpenAsync(Timeout);
        return link;
    }

    /// <summary>Opens a peek-lock receiving link (settled by the receiver's disposition), with one credit at a time.</summary>
    public async Task<ReceivingAmqpLink> OpenPeekLockReceiverAsync(string name, string sourceAddress)
    {
        var link = new ReceivingAmqpLink(session, new AmqpLinkSettings
        {
            LinkName = name,
            Role = true,
            Source = new Source { Address = sourceAddress },
            Target = new Target { Address = name },
            SettleType = SettleMode.SettleOnDispose,
            TotalLinkCredit = 1,
            AutoSendFlow = true,
        });
        await link.OpenAsync(Timeout);
        return link;
    }

    public static Task<Outcome> SendAsync(SendingAmqpLink link, AmqpMessage message) =>
        link.SendMessageAsync(message, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary, Timeout);

    public static Task<AmqpMessage> ReceiveAsync(ReceivingAmqpLink link) => link.ReceiveMessageAsync(Timeout);

    public async ValueTask DisposeAsync() => await connection.CloseAsync(Timeout);
}
