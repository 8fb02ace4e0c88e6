using Azure.Core.Amqp;
using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class MessageFidelityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAndReceive_EverySystemPropertyAndAnnotation_ArrivesUnchanged()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        var sent = new ServiceBusMessage(new BinaryData([1, 2, 3]))
        {
            MessageId = "id-1",
            CorrelationId = "corr-1",
            Subject = "subject-1",
            To = "to-1",
            ReplyTo = "reply-1",
            ReplyToSessionId = "reply-session-1",
            ContentType = "application/octet-stream",
            TimeToLive = TimeSpan.FromMinutes(5),
            PartitionKey = "pk",
            ApplicationProperties = { ["s"] = "text", ["i"] = 7, ["l"] = 8L, ["d"] = 1.5, ["b"] = true, ["g"] = Guid.Empty, ["t"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
        };
        sent.GetRawAmqpMessage().MessageAnnotations["x-custom"] = "annotation";
        sent.GetRawAmqpMessage().Footer["f"] = "footer";

        await sender.SendMessageAsync(sent, Ct);
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.NotNull(received);
        Assert.Equal([1, 2, 3], received.Body.ToArray());
        Assert.Equal("id-1", received.MessageId);
        Assert.Equal("corr-1", received.CorrelationId);
        Assert.Equal("subject-1", received.Subject);
        Assert.Equal("to-1", received.To);
        Assert.Equal("reply-1", received.ReplyTo);
        Assert.Equal("reply-session-1", received.ReplyToSessionId);
        Assert.Equal("application/octet-stream", received.ContentType);
        Assert.Equal(TimeSpan.FromMinutes(5), received.TimeToLive);
        Assert.Equal("pk", received.PartitionKey);
        Assert.InRange(received.ExpiresAt - received.EnqueuedTime, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal("text", received.ApplicationProperties["s"]);
        Assert.Equal(7, received.ApplicationProperties["i"]);
        Assert.Equal(8L, received.ApplicationProperties["l"]);
        Assert.Equal(1.5, received.ApplicationProperties["d"]);
        Assert.Equal(true, received.ApplicationProperties["b"]);
        Assert.Equal(Guid.Empty, received.ApplicationProperties["g"]);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), received.ApplicationProperties["t"]);
        Assert.Equal("annotation", received.GetRawAmqpMessage().MessageAnnotations["x-custom"]);
        Assert.Equal("footer", received.GetRawAmqpMessage().Footer["f"]);
    }

    [Fact]
    public async Task SendAndReceive_ValueAndSequenceBodies_ArriveUnchanged()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");

        await sender.SendMessageAsync(new ServiceBusMessage(new AmqpAnnotatedMessage(AmqpMessageBody.FromValue("a value"))), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(new AmqpAnnotatedMessage(AmqpMessageBody.FromSequence([new List<object> { 1, "two" }]))), Ct);
        var messages = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2);

        Assert.True(messages[0].GetRawAmqpMessage().Body.TryGetValue(out var value));
        Assert.Equal("a value", value);
        Assert.True(messages[1].GetRawAmqpMessage().Body.TryGetSequence(out var sequence));
        Assert.Equal([1, "two"], sequence!.Single());
    }

    [Fact]
    public async Task Abandon_ChangingPropertiesTwice_KeepsBodyAndOtherProperties()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("body") { Subject = "s", ApplicationProperties = { ["keep"] = 1 } }, Ct);

        await receiver.AbandonMessageAsync((await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!, new Dictionary<string, object> { ["a"] = 1 }, Ct);
        await receiver.AbandonMessageAsync((await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!, new Dictionary<string, object> { ["a"] = 2, ["b"] = "x" }, Ct);
        var final = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("body", final!.Body.ToString());
        Assert.Equal("s", final.Subject);
        Assert.Equal(1, final.ApplicationProperties["keep"]);
        Assert.Equal(2, final.ApplicationProperties["a"]);
        Assert.Equal("x", final.ApplicationProperties["b"]);
        Assert.Equal(3, final.DeliveryCount);
    }
}
