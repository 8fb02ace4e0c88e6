using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>Link and message shapes that AMQP clients other than the .NET SDK use (the JavaScript SDK's rhea among them).</summary>
public sealed class AnyAmqpClientTests
{
    [Fact]
    public async Task PutToken_ReplyLinkWithoutTargetAddress_ReplyIsRoutedByLinkName()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var replies = await client.OpenReceiverAsync("cbs-reply-by-name", "$cbs", targetAddress: null);
        var requests = await client.OpenSenderAsync("cbs-requests", "$cbs");
        var request = AmqpMessage.Create(new AmqpValue { Value = "any-token" });
        request.Properties.MessageId = "put-token-1";
        request.Properties.ReplyTo = "cbs-reply-by-name";
        request.ApplicationProperties.Map["operation"] = "put-token";
        request.ApplicationProperties.Map["type"] = "servicebus.windows.net:sastoken";
        request.ApplicationProperties.Map["name"] = "amqp://127.0.0.1/work";

        await RawAmqpClient.SendAsync(requests, request);
        var reply = await RawAmqpClient.ReceiveAsync(replies);

        Assert.NotNull(reply);
        Assert.Equal("put-token-1", reply.Properties.CorrelationId.ToString());
        Assert.Equal(200, reply.ApplicationProperties.Map["status-code"]);
    }

    [Fact]
    public async Task Send_MessageWithoutMessageId_ArrivesWithABrokerAssignedId()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var sender = await client.OpenSenderAsync("no-id-sender", "work");

        var first = await RawAmqpClient.SendAsync(sender, AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([1, 2, 3]) }));
        var second = await RawAmqpClient.SendAsync(sender, AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([4, 5, 6]) }));

        Assert.IsType<Accepted>(first);
        Assert.IsType<Accepted>(second);
        await using var receiver = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2);
        Assert.Equal([1, 2, 3], received[0].Body.ToArray());
        Assert.False(string.IsNullOrEmpty(received[0].MessageId));
        Assert.False(string.IsNullOrEmpty(received[1].MessageId));
        Assert.NotEqual(received[0].MessageId, received[1].MessageId);
    }

    [Fact]
    public async Task Send_MessageWithoutMessageIdWithPropertiesAndApplicationProperties_KeepsThemThroughAnAbandonThatChangesProperties()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var sender = await client.OpenSenderAsync("no-id-with-properties", "work");
        var message = AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([7, 8, 9]) });
        message.Properties.Subject = "order-placed";
        message.Properties.CorrelationId = "order-42";
        message.ApplicationProperties.Map["tenant"] = "contoso";

        Assert.IsType<Accepted>(await RawAmqpClient.SendAsync(sender, message));
        await using var receiver = harness.Client.CreateReceiver("work");
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.NotNull(first);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt"] = 1 }, TestContext.Current.CancellationToken);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(second);
        foreach (var received in new[] { first, second })
        {
            Assert.Equal([7, 8, 9], received.Body.ToArray());
            Assert.Equal("order-placed", received.Subject);
            Assert.Equal("order-42", received.CorrelationId);
            Assert.Equal("contoso", received.ApplicationProperties["tenant"]);
            Assert.Matches("^[0-9a-f]{32}$", received.MessageId);
        }

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(1, second.ApplicationProperties["attempt"]);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task Send_OversizedDeliveryIgnoringTheAdvertisedLimit_IsRejectedAndTheLinkStaysOpen()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var sender = await client.OpenSenderAsync("oversize-sender", "work");

        var oversized = await RawAmqpClient.SendAsync(sender, AmqpMessage.Create(new Data { Value = new ArraySegment<byte>(new byte[300 * 1024]) }));
        var small = await RawAmqpClient.SendAsync(sender, AmqpMessage.Create(new Data { Value = new ArraySegment<byte>(new byte[1024]) }));

        var rejected = Assert.IsType<Rejected>(oversized);
        Assert.Equal(AmqpErrorCode.MessageSizeExceeded, rejected.Error.Condition);
        Assert.IsType<Accepted>(small);
        Assert.Equal(1, harness.Emulator.GetCounts("work").Active);
    }
}
