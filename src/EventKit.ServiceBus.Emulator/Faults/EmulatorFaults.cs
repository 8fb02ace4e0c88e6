using System.Collections.Concurrent;

namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// Faults a test or a soak injects into a running emulator, at the broker's edge (connections, links, sends): the
/// entities and their messages are not touched, so what a client sees is what a flaky network or a busy namespace
/// would show it. Reached as <see cref="ServiceBusEmulator.Faults"/>, and over the inspection endpoint (loopback):
/// <c>POST /faults/connections/drop</c>, <c>POST /faults/links/refuse?seconds=N</c>,
/// <c>POST /faults/sends/{entity}?count=N&amp;error=server-busy|internal-error</c>,
/// <c>POST /faults/deliveries/delay?seconds=D&amp;for=W</c>, <c>GET /faults</c> and <c>DELETE /faults</c>.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, PendingSendFailures> sendFailures = new(StringComparer.OrdinalIgnoreCase);
    private Action dropConnections = static () => { };
    private long refuseLinksUntilTicks;
    private long connectionsDropped;
    private long linksRefused;
    private long sendsFailed;
    private long delayDeliveriesUntilTicks;
    private long deliveryDelayTicks;
    private long deliveriesDelayed;

    internal EmulatorFaults(TimeProvider time) => this.time = time;

    /// <summary>Connections dropped by <see cref="DropConnections"/> so far.</summary>
    public long ConnectionsDropped => Interlocked.Read(ref connectionsDropped);

    /// <summary>Link attaches refused so far.</summary>
    public long LinksRefused => Interlocked.Read(ref linksRefused);

    /// <summary>Sends failed so far.</summary>
    public long SendsFailed => Interlocked.Read(ref sendsFailed);

    /// <summary>Deliveries held back by <see cref="DelayDeliveries"/> so far.</summary>
    public long DeliveriesDelayed => Interlocked.Read(ref deliveriesDelayed);

    /// <summary>When deliveries go out without delay again; null when they do.</summary>
    public DateTimeOffset? DelayingDeliveriesUntil
    {
        get
        {
            var until = new DateTimeOffset(Interlocked.Read(ref delayDeliveriesUntilTicks), TimeSpan.Zero);
            return until > time.GetUtcNow() ? until : null;
        }
    }

    /// <summary>How long each delivery is held back while <see cref="DelayingDeliveriesUntil"/> is set.</summary>
    public TimeSpan DeliveryDelay => TimeSpan.FromTicks(Interlocked.Read(ref deliveryDelayTicks));

    /// <summary>When new links are accepted again; null when they are.</summary>
    public DateTimeOffset? RefusingLinksUntil
    {
        get
        {
            var until = new DateTimeOffset(Interlocked.Read(ref refuseLinksUntilTicks), TimeSpan.Zero);
            return until > time.GetUtcNow() ? until : null;
        }
    }

    /// <summary>
    /// Drops every open connection now, without a close handshake, as a network failure would. Clients see their
    /// connection fail and reconnect; messages they held locked stay locked until the lock expires, as in Azure.
    /// </summary>
    public void DropConnections()
    {
        Interlocked.Increment(ref connectionsDropped);
        dropConnections();
    }

    /// <summary>
    /// For <paramref name="duration"/>, refuses every new link to an entity or its management node with
    /// <c>com.microsoft:server-busy</c> (links already open keep working). The SDK retries the attach.
    /// </summary>
    /// <param name="duration">How long, from now; zero or less accepts links again.</param>
    public void RefuseLinks(TimeSpan duration)
    {
        var until = duration <= TimeSpan.Zero ? 0 : (time.GetUtcNow() + duration).UtcTicks;
        Interlocked.Exchange(ref refuseLinksUntilTicks, until);
    }

    /// <summary>
    /// For <paramref name="duration"/>, holds every message the emulator delivers to a receiver for <paramref name="delay"/>
    /// before it goes out, as a congested network or a throttled namespace would. The message is locked when it is
    /// taken for delivery, so its lock runs during the delay, as in Azure; a link that closes meanwhile loses the
    /// delivery and the message comes back when its lock expires. Sends, settlements and management calls are not delayed.
    /// </summary>
    /// <param name="delay">How long each delivery is held; zero or less stops delaying.</param>
    /// <param name="duration">How long, from now, deliveries are delayed; zero or less stops delaying.</param>
    public void DelayDeliveries(TimeSpan delay, TimeSpan duration)
    {
        var active = delay > TimeSpan.Zero && duration > TimeSpan.Zero;
        Interlocked.Exchange(ref deliveryDelayTicks, active ? delay.Ticks : 0);
        Interlocked.Exchange(ref delayDeliveriesUntilTicks, active ? (time.GetUtcNow() + duration).UtcTicks : 0);
    }

    /// <summary>Fails the next <paramref name="count"/> sends (each transfer, single or batch) to a queue or topic with <paramref name="fault"/>.</summary>
    /// <param name="entityPath">The queue or topic, for example <c>orders</c> (case-insensitive).</param>
    /// <param name="count">How many sends fail; zero stops failing.</param>
    /// <param name="fault">The AMQP error they are rejected with.</param>
    public void FailNextSends(string entityPath, int count, SendFault fault = SendFault.ServerBusy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityPath);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var path = entityPath.Trim('/');
        if (count == 0)
        {
            sendFailures.TryRemove(path, out _);
            return;
        }

        sendFailures[path] = new PendingSendFailures(count, fault);
    }

    /// <summary>Ends every fault: links are accepted, sends succeed and deliveries go out without delay again.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref refuseLinksUntilTicks, 0);
        Interlocked.Exchange(ref delayDeliveriesUntilTicks, 0);
        Interlocked.Exchange(ref deliveryDelayTicks, 0);
        sendFailures.Clear();
    }

    /// <summary>The sends still to fail, per entity.</summary>
    public IReadOnlyDictionary<string, int> PendingSendFailures() =>
        sendFailures.Where(static p => p.Value.Remaining > 0).ToDictionary(static p => p.Key, static p => p.Value.Remaining, StringComparer.OrdinalIgnoreCase);

    internal void OnDropConnections(Action drop) => dropConnections = drop;

    internal bool RefusesLink()
    {
        if (RefusingLinksUntil is null)
        {
            return false;
        }

        Interlocked.Increment(ref linksRefused);
        return true;
    }

    /// <summary>How long to hold the delivery about to go out; null sends it now.</summary>
    internal TimeSpan? TakeDeliveryDelay()
    {
        var delay = DeliveryDelay;
        if (DelayingDeliveriesUntil is null || delay <= TimeSpan.Zero)
        {
            return null;
        }

        Interlocked.Increment(ref deliveriesDelayed);
        return delay;
    }

    internal bool TryTakeSendFailure(string entityPath, out SendFault fault)
    {
        fault = default;
        if (sendFailures.IsEmpty || !sendFailures.TryGetValue(entityPath, out var pending) || !pending.TryTake())
        {
            return false;
        }

        fault = pending.Fault;
        Interlocked.Increment(ref sendsFailed);
        return true;
    }
}
