using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

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
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("dedup");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(2200), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "same" }, Ct);

        Assert.Equal(2, harness.Emulator.GetCounts("dedup").Active);
    }

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
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("expiring-dropped");
        await sender.SendMessageAsync(new ServiceBusMessage("gone"), Ct);

        await Task.Delay(TimeSpan.FromMilliseconds(2000), Ct);

        Assert.Equal(new EntityCounts("expiring-dropped", EntityKind.Queue, 0, 0, 0, 0, 0), harness.Emulator.GetCounts("expiring-dropped"));
    }

    [Fact]
    public async Task TimeToLive_ControlledClock_ExpiresWhenTimeAdvances()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("expiring");
        await sender.SendMessageAsync(new ServiceBusMessage("one hour") { TimeToLive = TimeSpan.FromHours(1) }, Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("expiring").Active);

        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, harness.Emulator.GetCounts("expiring").Active);
        Assert.Equal(1, harness.Emulator.GetCounts("expiring").DeadLetter);
    }
}
