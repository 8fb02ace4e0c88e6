using EventKit.ServiceBus.Emulator.Amqp;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class ConnectionRegistryTests
{
    [Fact]
    public void TryGet_AfterTheConnectionClosed_ReturnsFalseAndDoesNotReAddIt()
    {
        var registry = new ConnectionRegistry<object>();
        var connection = new object();
        registry.Add(connection);
        Assert.True(registry.TryGet(connection, out var open));

        registry.Remove(connection);
        var found = registry.TryGet(connection, out _);

        Assert.False(found);
        Assert.Equal(0, registry.Count);
        Assert.NotNull(open);
    }

    [Fact]
    public void TryGet_OpenConnection_ReturnsTheSameStateEveryTime()
    {
        var registry = new ConnectionRegistry<object>();
        var connection = new object();
        registry.Add(connection);

        registry.TryGet(connection, out var first);
        registry.TryGet(connection, out var second);

        Assert.Same(first, second);
    }
}
