using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class ForwardingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardTo_Queue_MessageArrivesInTarget()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("forwarder");
        await using var receiver = harness.Client.CreateReceiver("forward-target");

        await sender.SendMessageAsync(new ServiceBusMessage("hop") { MessageId = "f1" }, Ct);

        Assert.Equal(0, harness.Emulator.GetCounts("forwarder").Active);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("f1", message!.MessageId);
    }

    [Fact]
    public async Task ForwardTo_FromSubscription_MessageArrivesInTargetQueue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("forward-target");

        await sender.SendMessageAsync(new ServiceBusMessage("via subscription") { Subject = "forward-me" }, Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("via subscription", message!.Body.ToString());
        Assert.Equal(0, harness.Emulator.GetCounts("orders/Subscriptions/to-queue").Active);
    }

    [Fact]
    public async Task ForwardDeadLetteredMessagesTo_DeadLetteredMessage_ArrivesInTargetWithReason()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("dlq-forwarder");
        await using var receiver = harness.Client.CreateReceiver("dlq-forwarder");
        await using var target = harness.Client.CreateReceiver("dlq-target");
        await sender.SendMessageAsync(new ServiceBusMessage("bad"), Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.AbandonMessageAsync(message, cancellationToken: Ct);

        var forwarded = await target.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("bad", forwarded!.Body.ToString());
        Assert.Equal("MaxDeliveryCountExceeded", forwarded.DeadLetterReason);
        Assert.Equal(0, harness.Emulator.GetCounts("dlq-forwarder").DeadLetter);
    }

    [Fact]
    public async Task ForwardTo_Cycle_DeadLettersAfterFourHopsWithMaxTransferHopCountExceeded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("loop-a");

        await sender.SendMessageAsync(new ServiceBusMessage("round and round"), Ct);

        await using var deadLetters = harness.Client.CreateReceiver("loop-a", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("MaxTransferHopCountExceeded", dead!.DeadLetterReason);
        Assert.Equal(0, harness.Emulator.GetCounts("loop-b").DeadLetter);
    }
}
