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

    [Fact]
    public async Task StartAsync_TopologyFile_SdkSendsToTopicAndEachSubscriptionFilters()
    {
        await using var emulator = await ServiceBusEmulator.StartAsync(new() { Port = 0, Topology = EmulatorTopology.Load(TestTopology.FilePath) }, Ct);
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("items");

        await sender.SendMessageAsync(new ServiceBusMessage("{}") { Subject = "items.created.v1", MessageId = "e1", CorrelationId = "i1" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("{}") { Subject = "items.completed.v1", MessageId = "e2", CorrelationId = "i1" }, Ct);

        Assert.Equal(1, emulator.GetCounts("items/Subscriptions/created-only").Active);
        Assert.Equal(2, emulator.GetCounts("items/Subscriptions/every-item-event").Active);
        Assert.Equal(1, emulator.GetCounts("items/Subscriptions/finished").Active);
        await using var receiver = client.CreateReceiver("items", "created-only");
        var placed = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("e1", placed!.MessageId);
    }

    [Fact]
    public async Task SendMessages_Batch_AllArriveInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        using var batch = await sender.CreateMessageBatchAsync(Ct);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"m{i}")));
        }

        await sender.SendMessagesAsync(batch, Ct);
        await sender.SendMessagesAsync([new ServiceBusMessage("x1"), new ServiceBusMessage("x2")], Ct);
        var received = await ReceiveAtLeastAsync(receiver, 22);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}").Concat(["x1", "x2"]), received.Select(m => m.Body.ToString()));
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Abandon_WithPropertyChanges_RedeliversWithIncrementedDeliveryCountAndChangedProperties()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("retry me") { ApplicationProperties = { ["attempt"] = "first" } }, Ct);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt"] = "second", ["reason"] = "transient" }, Ct);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(first!.SequenceNumber, second!.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal("second", second.ApplicationProperties["attempt"]);
        Assert.Equal("transient", second.ApplicationProperties["reason"]);
    }

    [Fact]
    public async Task DeadLetter_WithReasonAndDescription_MovesToDeadLetterQueue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await using var deadLetters = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "p1" }, Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeadLetterMessageAsync(message, "ValidationFailed", "Amount is negative", Ct);

        Assert.Equal(new EntityCounts("work", EntityKind.Queue, 0, 0, 1, 0, 0), harness.Emulator.GetCounts("work"));
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("p1", dead!.MessageId);
        Assert.Equal("ValidationFailed", dead.DeadLetterReason);
        Assert.Equal("Amount is negative", dead.DeadLetterErrorDescription);
        await deadLetters.CompleteMessageAsync(dead, Ct);
        Assert.Equal(0, harness.Emulator.GetCounts("work").DeadLetter);
    }

    [Fact]
    public async Task Abandon_BeyondMaxDeliveryCount_DeadLettersWithMaxDeliveryCountExceeded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await using var deadLetters = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("always fails"), Ct);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
            Assert.Equal(attempt, message!.DeliveryCount);
            await receiver.AbandonMessageAsync(message, cancellationToken: Ct);
        }

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Ct));
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("MaxDeliveryCountExceeded", dead!.DeadLetterReason);
        Assert.Equal("always fails", dead.Body.ToString());
    }

    [Fact]
    public async Task Processor_ConcurrencyFour_CompletesEveryMessageOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        const int count = 100;
        await sender.SendMessagesAsync(Enumerable.Range(0, count).Select(i => new ServiceBusMessage($"{i}") { MessageId = $"{i}" }), Ct);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = harness.Client.CreateProcessor("work", new ServiceBusProcessorOptions { MaxConcurrentCalls = 4, AutoCompleteMessages = true });
        processor.ProcessMessageAsync += args =>
        {
            if (seen.AddOrUpdate(args.Message.MessageId, 1, (_, n) => n + 1) == 1 && seen.Count == count)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args => Task.CompletedTask;

        await processor.StartProcessingAsync(Ct);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await processor.StopProcessingAsync(Ct);

        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Topic_CorrelationFilter_RoutesBySubject()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("a") { Subject = "orders.placed.v1" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("b") { Subject = "orders.shipped.v1" }, Ct);

        Assert.Equal(2, harness.Emulator.GetCounts("orders/Subscriptions/all").Active);
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/placed").Active);
        await using var receiver = harness.Client.CreateReceiver("orders", "placed");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("a", message!.Body.ToString());
    }

    [Fact]
    public async Task Subscription_DeadLetterQueue_ReceivesAfterMaxDeliveryCount()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "placed");
        await using var deadLetters = harness.Client.CreateReceiver("orders", "placed", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("x") { Subject = "orders.placed.v1" }, Ct);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct), cancellationToken: Ct);
        }

        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("MaxDeliveryCountExceeded", dead!.DeadLetterReason);
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/placed").DeadLetter);
    }

    internal static async Task<List<ServiceBusReceivedMessage>> ReceiveAtLeastAsync(ServiceBusReceiver receiver, int count, int maxRounds = 50)
    {
        var received = new List<ServiceBusReceivedMessage>();
        for (var round = 0; round < maxRounds && received.Count < count; round++)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromMilliseconds(500), Ct));
        }

        return received;
    }
}
