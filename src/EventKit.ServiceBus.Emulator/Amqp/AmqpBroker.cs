using System.Net;
using System.Net.Sockets;
using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transaction;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// The AMQP side of the emulator: listens, negotiates SASL (MSSBCBS), and routes each attached link to
/// <c>$cbs</c>, an entity's <c>$management</c> node, or an entity. A failure on one connection closes only that connection.
/// </summary>
internal sealed class AmqpBroker : IRuntimeProvider, IDisposable
{
    private const string CbsAddress = "$cbs";
    private const string ManagementSuffix = "$management";

    /// <summary>The link property a "send via" sender sets: the link targets the via entity, messages go to this address.</summary>
    private const string TransferDestinationAddress = "com.microsoft:transfer-destination-address";
    private readonly MessagingNamespace entities;
    private readonly ServiceBusEmulatorOptions options;
    private readonly ILogger logger;
    private readonly EmulatorFaults faults;
    private readonly ConnectionRegistry<AmqpConnection> connections = new();
    private readonly AmqpSettings settings;
    private AmqpTransportListener? listener;

    public AmqpBroker(MessagingNamespace entities, ServiceBusEmulatorOptions options, EmulatorFaults faults, ILogger logger)
    {
        this.entities = entities;
        this.options = options;
        this.faults = faults;
        this.logger = logger;
        faults.OnDropConnections(DropConnections);
        settings = new AmqpSettings { RuntimeProvider = this };
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);
    }

    public int Port { get; private set; }

    /// <summary>Connections that are open (not closing: a connection whose close handshake is pending no longer counts).</summary>
    public int ConnectionCount => connections.Connections.Count(c => c.State == AmqpObjectState.Opened);

    /// <summary>Starts listening; with port 0, picks a free port (retrying if another process takes it first).</summary>
    public void Start()
    {
        const int attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            // The AMQP library turns "localhost" into "all interfaces"; the emulator keeps it on loopback.
            var host = string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : options.Host;
            var port = options.Port == 0 ? FindFreePort(host) : options.Port;
            var tcp = new TcpTransportSettings { Host = host, Port = port };
            var candidate = new AmqpTransportListener([tcp.CreateListener()], settings);
            try
            {
                candidate.Listen(OnAcceptTransport);
                listener = candidate;
                Port = port;
                return;
            }
            catch (SocketException) when (options.Port == 0 && attempt < attempts)
            {
                candidate.Abort();
            }
        }
    }

    public void Dispose()
    {
        listener?.Abort();
        foreach (var connection in connections.Connections)
        {
            connection.SafeClose();
        }
    }

    /// <summary>Aborts every open connection without a close handshake (a fault: the network went away).</summary>
    private void DropConnections()
    {
        var dropped = 0;
        foreach (var connection in connections.Connections)
        {
            connection.Abort();
            dropped++;
        }

        logger.FaultConnectionsDropped(dropped);
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, false, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        if (settings.Role == true)
        {
            settings.MaxMessageSize = (ulong)options.MaxMessageSizeBytes;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var result = new LinkOpenResult(callback, state);
        var address = link.IsReceiver ? (link.Settings.Target as Target)?.Address?.ToString() : (link.Settings.Source as Source)?.Address?.ToString();
        var path = MessagingNamespace.NormalizeAddress(address);
        try
        {
            // A link can be processed just after its connection closed; the registry then no longer knows the connection,
            // and the link is refused rather than re-registering a dead connection.
            if (!connections.TryGet(link.Session.Connection, out var connection))
            {
                throw AmqpConditions.Exception(AmqpConditions.NotAllowed, "The connection has closed.");
            }

            // $cbs stays open so that clients can still authorize; entity and management links are refused.
            if (!string.Equals(path, CbsAddress, StringComparison.OrdinalIgnoreCase) && faults.RefusesLink())
            {
                throw AmqpConditions.Exception(AmqpConditions.ServerBusy, $"The request was terminated because the namespace is being throttled (fault injected: links are refused until {faults.RefusingLinksUntil:O}).");
            }

            if (link is ReceivingAmqpLink incoming)
            {
                OpenIncoming(incoming, path, connection);
                result.Complete(null, synchronously: true);
            }
            else
            {
                OpenOutgoing((SendingAmqpLink)link, path, connection, timeout, result);
            }

            logger.LinkAttached(link.Name, link.IsReceiver ? "send to" : "receive from", path);
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            logger.LinkRefused(link.Name, path, exception.Message);
            result.Complete(exception, synchronously: true);
        }

        return result;
    }

    public void EndOpenLink(IAsyncResult result) => LinkOpenResult.End(result);

    private void OpenIncoming(ReceivingAmqpLink link, string path, ConnectionState connection)
    {
        if (link.Settings.Target is Coordinator)
        {
            CoordinatorLink.Attach(link, connection.Transactions, logger);
            return;
        }

        if (string.Equals(path, CbsAddress, StringComparison.OrdinalIgnoreCase))
        {
            CbsRequestLink.Attach(link, connection);
            return;
        }

        if (IsManagement(path, out var entityPath))
        {
            var target = entities.FindSendTarget(entityPath);
            var store = entities.FindStore(entityPath);
            if (target is null && store is null)
            {
                throw AmqpConditions.EntityNotFound(options.Host, entityPath);
            }

            ManagementRequestLink.Attach(link, connection, new ManagementOperations(entityPath, target, store, entities), logger);
            CloseWhenDeleted(link, target?.Lifetime ?? store!.Lifetime, entityPath);
            return;
        }

        var sendTarget = entities.FindSendTarget(path);
        if (link.Settings.Properties is { } properties && properties.TryGetValue<string>(new AmqpSymbol(TransferDestinationAddress), out var destination) && destination is not null)
        {
            // "Send via": the link is attached to the via entity (where the transaction's receive happens), and its
            // messages go to the transfer destination. Both must exist.
            if (sendTarget is null && entities.FindStore(path) is null)
            {
                throw AmqpConditions.EntityNotFound(options.Host, path);
            }

            var destinationPath = MessagingNamespace.NormalizeAddress(destination);
            sendTarget = entities.FindSendTarget(destinationPath) ?? throw AmqpConditions.EntityNotFound(options.Host, destinationPath);
        }

        if (sendTarget is null)
        {
            throw AmqpConditions.EntityNotFound(options.Host, path);
        }

        EntitySenderLink.Attach(link, sendTarget, connection.Transactions, options.MaxMessageSizeBytes, faults, logger);
        CloseWhenDeleted(link, sendTarget.Lifetime, path);
    }

    private void OpenOutgoing(SendingAmqpLink link, string path, ConnectionState connection, TimeSpan timeout, LinkOpenResult result)
    {
        if (string.Equals(path, CbsAddress, StringComparison.OrdinalIgnoreCase) || IsManagement(path, out _))
        {
            connection.AddReplyLink((link.Settings.Target as Target)?.Address?.ToString(), link);
            result.Complete(null, synchronously: true);
            return;
        }

        var store = entities.FindStore(path) ?? throw AmqpConditions.EntityNotFound(options.Host, path);
        CloseWhenDeleted(link, store.Lifetime, path);
        new EntityReceiverLink(link, store, connection.Transactions, faults, options.TimeProvider, logger).Open(result, timeout, options.TimeProvider);
    }

    /// <summary>
    /// Closes a link with an entity-not-found error when its entity is deleted at run time, as Azure detaches it;
    /// the SDK reports <c>MessagingEntityNotFound</c>. An entity deleted during the attach closes the link at once.
    /// </summary>
    private void CloseWhenDeleted(AmqpLink link, EntityLifetime lifetime, string path)
    {
        var registration = lifetime.Deleted.Register(() =>
        {
            logger.LinkClosedEntityDeleted(link.Name, path);
            link.SafeClose(AmqpConditions.EntityNotFound(options.Host, path));
        });
        link.Closed += (_, _) => registration.Dispose();
    }

    private static bool IsManagement(string path, out string entityPath)
    {
        if (path.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            entityPath = path[..^ManagementSuffix.Length].TrimEnd('/');
            return true;
        }

        entityPath = path;
        return false;
    }

    private void OnAcceptTransport(TransportListener transportListener, TransportAsyncCallbackArgs args)
    {
        if (args.Exception is not null)
        {
            logger.ConnectionFailed(args.Exception.Message);
            args.Transport?.SafeClose(args.Exception);
            return;
        }

        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = "EventKit.ServiceBus.Emulator",
            MaxFrameSize = (uint)options.MaxFrameSize,
            IdleTimeOut = (uint)options.IdleTimeout.TotalMilliseconds,
            ChannelMax = 1024,
        };

        AmqpConnection? connection = null;
        try
        {
            connection = CreateConnection(new CoalescingTransport(args.Transport), (ProtocolHeader)args.UserToken, false, settings, connectionSettings);
            connection.Closed += OnConnectionClosed;
            connections.Add(connection);
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnConnectionOpened, connection);
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            logger.ConnectionFailed(exception.Message);
            connection?.SafeClose(exception);
        }
    }

    private void OnConnectionOpened(IAsyncResult result)
    {
        var connection = (AmqpConnection)result.AsyncState!;
        try
        {
            connection.EndOpen(result);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.ConnectionOpened(connection.ToString(), connection.Settings.RemoteContainerId);
            }
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            logger.ConnectionFailed(exception.Message);
            connection.SafeClose(exception);
        }
    }

    private void OnConnectionClosed(object? sender, EventArgs e)
    {
        var connection = (AmqpConnection)sender!;
        connections.Remove(connection);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.ConnectionClosed(connection.ToString());
        }
    }

    private static int FindFreePort(string host)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : IPAddress.Loopback;
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
