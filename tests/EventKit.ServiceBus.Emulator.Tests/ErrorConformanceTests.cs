using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class ErrorConformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_UnknownEntity_ThrowsMessagingEntityNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("no-such-queue");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x"), Ct));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
    }

    [Fact]
    public async Task Receive_UnknownSubscription_ThrowsMessagingEntityNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var receiver = harness.Client.CreateReceiver("orders", "no-such-subscription");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
    }

    [Fact]
    public async Task Send_LargerThanDefaultLimit_ThrowsMessageSizeExceeded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[300 * 1024]), Ct));

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, error.Reason);
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[200 * 1024]), Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Send_LargerThanConfiguredLimit_ThrowsMessageSizeExceeded()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.MaxMessageSizeBytes = 4 * 1024);
        await using var sender = harness.Client.CreateSender("work");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[8 * 1024]), Ct));

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, error.Reason);
    }

    [Fact]
    public async Task CreateMessageBatch_ReportsConfiguredLimit()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.MaxMessageSizeBytes = 64 * 1024);
        await using var sender = harness.Client.CreateSender("work");

        using var batch = await sender.CreateMessageBatchAsync(Ct);

        Assert.Equal(64 * 1024, batch.MaxSizeInBytes);
    }
}
