using System.Net.Sockets;
using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class RobustnessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AbruptDisconnect_WithLockedMessages_MessagesReturnAfterLockExpiryWithIncrementedDeliveryCount()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using (var sender = harness.Client.CreateSender("short-lock"))
        {
            await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b")], Ct);
        }

        await using var relay = new TcpRelay(harness.Emulator.Port);
        var relayed = new ServiceBusClient(harness.Emulator.ConnectionString.Replace($":{harness.Emulator.Port};", $":{relay.Port};", StringComparison.Ordinal),
            new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) } });
        var doomed = relayed.CreateReceiver("short-lock");
        var locked = await CoreMessagingTests.ReceiveAtLeastAsync(doomed, 2);
        Assert.Equal(2, locked.Count);
        Assert.Equal(2, harness.Emulator.GetCounts("short-lock").Locked);

        relay.Sever();
        await using var survivor = harness.Client.CreateReceiver("short-lock");
        var redelivered = await CoreMessagingTests.ReceiveAtLeastAsync(survivor, 2);

        Assert.Equal(["a", "b"], redelivered.Select(m => m.Body.ToString()).Order());
        Assert.All(redelivered, m => Assert.Equal(2, m.DeliveryCount));
        _ = relayed.DisposeAsync().AsTask();
    }

    [Fact]
    public async Task AbruptDisconnect_SessionReceiver_ReleasesTheSessionForAnotherReceiver()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using (var sender = harness.Client.CreateSender("sessions"))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("s") { SessionId = "held" }, Ct);
        }

        await using var relay = new TcpRelay(harness.Emulator.Port);
        var relayed = new ServiceBusClient(harness.Emulator.ConnectionString.Replace($":{harness.Emulator.Port};", $":{relay.Port};", StringComparison.Ordinal),
            new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) } });
        var doomed = await relayed.AcceptSessionAsync("sessions", "held", cancellationToken: Ct);
        Assert.NotNull(await doomed.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));

        relay.Sever();
        await EmulatorHarness.WaitUntilAsync(() => harness.Emulator.ConnectionCount == 1);
        await using var survivor = await harness.Client.AcceptSessionAsync("sessions", "held", cancellationToken: Ct);
        var message = await survivor.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("s", message!.Body.ToString());
        Assert.Equal(2, message.DeliveryCount);
        _ = relayed.DisposeAsync().AsTask();
    }

    [Fact]
    public async Task HalfOpenConnection_SilentPeer_IsClosedAfterIdleTimeoutAndItsLocksReturn()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(10));
        await using (var sender = harness.Client.CreateSender("short-lock"))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("held by a ghost"), Ct);
        }

        await using var relay = new TcpRelay(harness.Emulator.Port);
        var relayed = new ServiceBusClient(harness.Emulator.ConnectionString.Replace($":{harness.Emulator.Port};", $":{relay.Port};", StringComparison.Ordinal),
            new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) } });
        var ghost = relayed.CreateReceiver("short-lock");
        Assert.NotNull(await ghost.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));
        var before = harness.Emulator.ConnectionCount;

        relay.Freeze();
        await EmulatorHarness.WaitUntilAsync(() => harness.Emulator.ConnectionCount < before, TimeSpan.FromSeconds(30));

        Assert.True(harness.Emulator.ConnectionCount < before, "the half-open connection should be closed by the idle timeout");
        await using var survivor = harness.Client.CreateReceiver("short-lock");
        var message = await survivor.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("held by a ghost", message!.Body.ToString());
        _ = relayed.DisposeAsync().AsTask();
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oversize-frame")]
    [InlineData("silent")]
    public async Task MisbehavingConnection_OnlyThatConnectionIsAffected(string misbehaviour)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Ct);

        using var raw = new TcpClient();
        await raw.ConnectAsync("127.0.0.1", harness.Emulator.Port, Ct);
        var stream = raw.GetStream();
        var closedByServer = false;
        if (misbehaviour == "garbage")
        {
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n\0\0\0\0garbage"u8.ToArray(), Ct);
            closedByServer = await ReadUntilClosedAsync(stream);
        }
        else if (misbehaviour == "oversize-frame")
        {
            await stream.WriteAsync("AMQP\0\u0001\0\0"u8.ToArray(), Ct);
            await ReadAtLeastAsync(stream, 8);
            var frame = new byte[8 + 64];
            frame[0] = 0x7F;
            frame[4] = 2;
            await stream.WriteAsync(frame, Ct);
            closedByServer = await ReadUntilClosedAsync(stream);
        }
        else
        {
            // Half a protocol header, then silence: the connection is left open (the server closes it after its
            // 60-second header timeout) and must not hold up anyone else.
            await stream.WriteAsync("AM"u8.ToArray(), Ct);
        }

        await sender.SendMessageAsync(new ServiceBusMessage("after"), Ct);
        await using var receiver = harness.Client.CreateReceiver("work");
        var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2);

        Assert.True(misbehaviour == "silent" || closedByServer, "the server should close the misbehaving connection");
        Assert.Equal(["before", "after"], received.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task TwoHundredConcurrentConnections_AllSendAndOneReceiverGetsEveryMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        const int connections = 200;
        var clients = Enumerable.Range(0, connections).Select(_ => new ServiceBusClient(harness.Emulator.ConnectionString)).ToList();
        try
        {
            var senders = clients.Select(c => c.CreateSender("bench")).ToList();
            using var throttle = new SemaphoreSlim(50);
            await Task.WhenAll(senders.Select(async (s, i) =>
            {
                await throttle.WaitAsync(Ct);
                try
                {
                    await s.SendMessageAsync(new ServiceBusMessage($"{i}"), Ct);
                }
                finally
                {
                    throttle.Release();
                }
            }));

            Assert.True(harness.Emulator.ConnectionCount >= connections, $"expected {connections} open connections, saw {harness.Emulator.ConnectionCount}");
            Assert.Equal(connections, harness.Emulator.GetCounts("bench").Active);
            await using var receiver = harness.Client.CreateReceiver("bench", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
            var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, connections);
            Assert.Equal(connections, received.Select(m => m.Body.ToString()).Distinct().Count());
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<bool> ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task ReadAtLeastAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Ct);
    }
}
