using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class DeferAndScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Defer_ThenReceiveDeferredBySequenceNumber_ReturnsDeferredMessageThatCanBeCompleted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("later"), Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeferMessageAsync(message, new Dictionary<string, object> { ["deferred-by"] = "test" }, Ct);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Ct));
        Assert.Equal(1, harness.Emulator.GetCounts("work").Deferred);

        var deferred = await receiver.ReceiveDeferredMessageAsync(message!.SequenceNumber, Ct);
        Assert.Equal("later", deferred.Body.ToString());
        Assert.Equal(ServiceBusMessageState.Deferred, deferred.State);
        Assert.Equal("test", deferred.ApplicationProperties["deferred-by"]);
        await receiver.CompleteMessageAsync(deferred, Ct);
        Assert.Equal(new EntityCounts("work", EntityKind.Queue, 0, 0, 0, 0, 0), harness.Emulator.GetCounts("work"));
    }

    [Fact]
    public async Task ReceiveDeferred_UnknownSequenceNumber_ThrowsMessageNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var receiver = harness.Client.CreateReceiver("work");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveDeferredMessageAsync(12345, Ct));

        Assert.Equal(ServiceBusFailureReason.MessageNotFound, error.Reason);
    }

    [Fact]
    public async Task ScheduleMessage_InFuture_IsInvisibleUntilDueThenDelivered()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        var due = DateTimeOffset.UtcNow.AddSeconds(2);

        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("scheduled"), due, Ct);

        Assert.True(sequenceNumber > 0);
        Assert.Equal(1, harness.Emulator.GetCounts("work").Scheduled);
        var peeked = await receiver.PeekMessageAsync(cancellationToken: Ct);
        Assert.Equal(ServiceBusMessageState.Scheduled, peeked!.State);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(200), Ct));
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("scheduled", message!.Body.ToString());
        Assert.Equal(sequenceNumber, message.SequenceNumber);
        Assert.True(message.EnqueuedTime >= due.AddMilliseconds(-50));
    }

    [Fact]
    public async Task CancelScheduledMessage_BeforeDue_MessageNeverArrives()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "all");

        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("cancelled"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("kept"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        Assert.Equal(2, harness.Emulator.GetCounts("orders").Scheduled);
        await sender.CancelScheduledMessageAsync(cancelled, Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("orders").Scheduled);
        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, harness.Emulator.GetCounts("orders").Scheduled);
        var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2, maxRounds: 3);
        Assert.Equal(["kept"], received.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task SendMessage_WithScheduledEnqueueTime_IsScheduledOnTopic()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "all");

        await sender.SendMessageAsync(new ServiceBusMessage("via property") { ScheduledEnqueueTime = DateTimeOffset.UtcNow.AddSeconds(2) }, Ct);

        Assert.Equal(1, harness.Emulator.GetCounts("orders").Scheduled);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("via property", message!.Body.ToString());
    }
}
