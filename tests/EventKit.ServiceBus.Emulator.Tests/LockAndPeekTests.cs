using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class LockAndPeekTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LockExpiry_NotSettled_RedeliversWithIncrementedDeliveryCountAndCompleteThrowsLockLost()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-lock");
        await using var receiver = harness.Client.CreateReceiver("short-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("slow consumer"), Ct);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        clock.Advance(TimeSpan.FromSeconds(2)); // the queue's lock lasts 1 s
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(first!.SequenceNumber, second!.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first, Ct));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
        await receiver.CompleteMessageAsync(second, Ct);
    }

    [Fact]
    public async Task RenewMessageLock_BeforeExpiry_ExtendsTheLockBeyondTheOriginalExpiry()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-lock");
        await using var receiver = harness.Client.CreateReceiver("short-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("renewed"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        var firstLock = message!.LockedUntil;

        clock.Advance(TimeSpan.FromMilliseconds(600));
        await receiver.RenewMessageLockAsync(message, Ct);
        clock.Advance(TimeSpan.FromMilliseconds(600)); // past the first lock, within the renewed one

        Assert.Equal(firstLock + TimeSpan.FromMilliseconds(600), message.LockedUntil);
        Assert.Equal(1, harness.Emulator.GetCounts("short-lock").Locked);
        await receiver.CompleteMessageAsync(message, Ct);
    }

    [Fact]
    public async Task RenewMessageLock_RepeatedlyOnShortLock_KeepsTheMessageFromRedelivery()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-lock");
        await using var receiver = harness.Client.CreateReceiver("short-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("kept"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        // Four lock durations in all, renewed every half lock duration.
        for (var i = 0; i < 8; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await receiver.RenewMessageLockAsync(message, Ct);
        }

        Assert.Equal(1, harness.Emulator.GetCounts("short-lock").Locked); // an expired lock would have returned it to the queue
        await receiver.CompleteMessageAsync(message, Ct);
        Assert.Equal(1, message.DeliveryCount);
    }

    [Fact]
    public async Task RenewMessageLock_AfterExpiry_ThrowsMessageLockLost()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-lock");
        await using var receiver = harness.Client.CreateReceiver("short-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("expired"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        clock.Advance(TimeSpan.FromMilliseconds(1300)); // the queue's lock lasts 1 s
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.RenewMessageLockAsync(message, Ct));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
    }

    [Fact]
    public async Task PeekMessages_FromSequenceNumber_ReturnsThatAndLaterWithoutLocking()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessagesAsync(Enumerable.Range(1, 5).Select(i => new ServiceBusMessage($"m{i}")), Ct);

        var all = await receiver.PeekMessagesAsync(10, cancellationToken: Ct);
        var fromThird = await receiver.PeekMessagesAsync(2, all[2].SequenceNumber, Ct);

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], all.Select(m => m.Body.ToString()));
        Assert.Equal(["m3", "m4"], fromThird.Select(m => m.Body.ToString()));
        Assert.All(all, m => Assert.Equal(ServiceBusMessageState.Active, m.State));
        Assert.Equal(5, (await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 5)).Count);
    }

    [Fact]
    public async Task ReceiveAndDelete_Mode_RemovesOnDelivery()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        await sender.SendMessageAsync(new ServiceBusMessage("once"), Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("once", message!.Body.ToString());
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Prefetch_ReceiverSettlingAsItGoes_GetsEveryMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { PrefetchCount = 10 });
        await sender.SendMessagesAsync(Enumerable.Range(0, 30).Select(i => new ServiceBusMessage($"{i}")), Ct);

        var received = new List<string>();
        for (var round = 0; round < 50 && received.Count < 30; round++)
        {
            foreach (var message in await receiver.ReceiveMessagesAsync(10, TimeSpan.FromMilliseconds(500), Ct))
            {
                received.Add(message.Body.ToString());
                await receiver.CompleteMessageAsync(message, Ct);
            }
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{i}"), received);
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }
}
