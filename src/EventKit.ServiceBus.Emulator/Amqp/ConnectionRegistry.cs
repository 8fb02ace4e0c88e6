using System.Collections.Concurrent;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// The broker's open connections and their state. A connection is added when it is accepted and removed when it
/// closes; a link that opens afterwards must not bring it back (that would keep a dead connection forever).
/// </summary>
/// <typeparam name="TConnection">The connection type (the AMQP connection in the broker).</typeparam>
internal sealed class ConnectionRegistry<TConnection>
    where TConnection : notnull
{
    private readonly ConcurrentDictionary<TConnection, ConnectionState> connections = new();

    public int Count => connections.Count;

    public ICollection<TConnection> Connections => connections.Keys;

    public void Add(TConnection connection) => connections.TryAdd(connection, new ConnectionState());

    /// <summary>Forgets a closed connection and rolls back the transactions it left open.</summary>
    public void Remove(TConnection connection)
    {
        if (connections.TryRemove(connection, out var state))
        {
            state.Transactions.RollbackAll();
        }
    }

    /// <summary>The state of a connection that is still registered; false once it has closed.</summary>
    public bool TryGet(TConnection connection, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionState? state) =>
        connections.TryGetValue(connection, out state);
}
