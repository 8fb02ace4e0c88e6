using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class CoreMessagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAndReceive_Queue_DeliversBodyAndPropertiesAndCompletes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");

        await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "m1", Subject = "greeting", ApplicationProperties = { ["n"] = 42 } }, Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.NotNull(message);
        Assert.Equal("hello", message.Body.ToString());
        Assert.Equal("m1", message.MessageId);
        Assert.Equal("greeting", message.Subject);
        Assert.Equal(42, message.ApplicationProperties["n"]);
        Assert.Equal(1, message.DeliveryCount);
        Assert.True(message.SequenceNumber > 0);
        Assert.True(message.LockedUntil > DateTimeOffset.UtcNow);
        await receiver.CompleteMessageAsync(message, Ct);
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }
}
