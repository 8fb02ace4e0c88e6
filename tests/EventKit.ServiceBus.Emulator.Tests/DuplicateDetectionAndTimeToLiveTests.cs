using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class DuplicateDetectionAndTimeToLiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_SameMessageIdWithinWindow_KeepsOnlyTheFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("dedup-long");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "other" }, Ct);

        Assert.Equal(2, harness.Emulator.GetCounts("dedup-long").Active);
    }

    [Fact]
    public async Task Send_SameMessageIdAfterWindow_IsAccepted()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("dedup");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        clock.Advance(TimeSpan.FromMilliseconds(2200)); // the queue's window is 2 s
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "same" }, Ct);

        Assert.Equal(2, harness.Emulator.GetCounts("dedup").Active);
    }

    [Fact]
    public async Task Send_SameMessageIdJustBeforeWindowEnds_IsDropped()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("dedup");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        clock.Advance(TimeSpan.FromMilliseconds(1900));
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "same" }, Ct);

        Assert.Equal(1, harness.Emulator.GetCounts("dedup").Active);
    }

    // On the real clock on purpose: it waits for the dead-lettered message (an event, bounded by the receive's wait),
    // and so shows that the emulator's own sweep timer runs, which the controlled-clock tests drive by hand.
    [Fact]
    public async Task TimeToLive_ExpiresWithDeadLetteringOnExpiration_MovesToDeadLetterQueue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("expiring");
        await using var deadLetters = harness.Client.CreateReceiver("expiring", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

        await sender.SendMessageAsync(new ServiceBusMessage("stale") { TimeToLive = TimeSpan.FromMilliseconds(300) }, Ct);
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("stale", dead!.Body.ToString());
        Assert.Equal("TTLExpiredException", dead.DeadLetterReason);
        Assert.Equal(0, harness.Emulator.GetCounts("expiring").Active);
    }

    [Fact]
    public async Task TimeToLive_EntityDefaultWithoutDeadLettering_DropsTheMessage()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("expiring-dropped");
        await sender.SendMessageAsync(new ServiceBusMessage("gone"), Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("expiring-dropped").Active);

        clock.Advance(TimeSpan.FromSeconds(2)); // the queue's default time to live is 1 s

        Assert.Equal(new EntityCounts("expiring-dropped", EntityKind.Queue, 0, 0, 0, 0, 0), harness.Emulator.GetCounts("expiring-dropped"));
    }

    [Fact]
    public async Task TimeToLive_ControlledClock_ExpiresWhenTimeAdvances()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("expiring");
        await sender.SendMessageAsync(new ServiceBusMessage("one hour") { TimeToLive = TimeSpan.FromHours(1) }, Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("expiring").Active);

        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, harness.Emulator.GetCounts("expiring").Active);
        Assert.Equal(1, harness.Emulator.GetCounts("expiring").DeadLetter);
    }
}
