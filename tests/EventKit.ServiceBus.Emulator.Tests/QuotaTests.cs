using System.Transactions;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>
/// MaxSizeInMegabytes: a queue or topic of 1 MB holds ten messages of 100 KB (each a little over 100 KB on the wire);
/// the eleventh send fails with QuotaExceeded. Dead-lettered and scheduled messages count, as in Azure.
/// </summary>
public sealed class QuotaTests
{
    private const int MessagesThatFit = 10;
    private static readonly byte[] HundredKilobytes = new byte[100 * 1024];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_BeyondMaxSizeInMegabytes_ThrowsQuotaExceededUntilRoomIsMade()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small");
        await FillAsync(sender);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
        Assert.Contains("'small'", error.Message, StringComparison.Ordinal);
        Assert.Equal(MessagesThatFit, harness.Emulator.GetCounts("small").Active);
        await using var receiver = harness.Client.CreateReceiver("small");
        await receiver.CompleteMessageAsync(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
        Assert.Equal(MessagesThatFit, harness.Emulator.GetCounts("small").Active);
    }

    [Fact]
    public async Task SendBatches_BeyondMaxSize_RefusedWholeAndSinglesFillTheRest()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small");
        var sent = 0;
        ServiceBusException? batchError = null;
        while (batchError is null && sent < 10_000)
        {
            using var batch = await sender.CreateMessageBatchAsync(Ct);
            while (batch.TryAddMessage(new ServiceBusMessage(new byte[1024])))
            {
            }

            try
            {
                await sender.SendMessagesAsync(batch, Ct);
                sent += batch.Count;
            }
            catch (ServiceBusException exception)
            {
                batchError = exception;
            }
        }

        ServiceBusException? singleError = null;
        while (singleError is null && sent < 10_000)
        {
            try
            {
                await sender.SendMessageAsync(new ServiceBusMessage(new byte[1024]), Ct);
                sent++;
            }
            catch (ServiceBusException exception)
            {
                singleError = exception;
            }
        }

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, batchError?.Reason);
        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, singleError?.Reason);
        Assert.InRange(sent, 850, 1023);
        Assert.Equal(sent, harness.Emulator.GetCounts("small").Active);
    }

    [Fact]
    public async Task DeadLetteredMessages_CountTowardMaxSize()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small");
        await using var receiver = harness.Client.CreateReceiver("small");
        await FillAsync(sender);
        foreach (var message in await ReceiveAsync(receiver, MessagesThatFit))
        {
            await receiver.DeadLetterMessageAsync(message, "Poison", cancellationToken: Ct);
        }

        Assert.Equal((0, MessagesThatFit), (harness.Emulator.GetCounts("small").Active, harness.Emulator.GetCounts("small").DeadLetter));
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));
        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);

        await using var deadLetters = harness.Client.CreateReceiver("small", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await deadLetters.CompleteMessageAsync(await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
    }

    [Fact]
    public async Task ScheduledMessages_CountTowardMaxSize()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small");
        var later = DateTimeOffset.UtcNow.AddHours(1);
        var sequenceNumbers = new List<long>();
        for (var i = 0; i < MessagesThatFit; i++)
        {
            sequenceNumbers.Add(await sender.ScheduleMessageAsync(new ServiceBusMessage(HundredKilobytes), later, Ct));
        }

        var scheduleError = await Assert.ThrowsAsync<ServiceBusException>(() => sender.ScheduleMessageAsync(new ServiceBusMessage(HundredKilobytes), later, Ct));
        var sendError = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, scheduleError.Reason);
        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, sendError.Reason);
        await sender.CancelScheduledMessageAsync(sequenceNumbers[0], Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
        Assert.Equal((1, MessagesThatFit - 1), (harness.Emulator.GetCounts("small").Active, harness.Emulator.GetCounts("small").Scheduled));
    }

    [Fact]
    public async Task Topic_EachSubscriptionsCopyCountsTowardMaxSize()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small-topic");
        for (var i = 0; i < MessagesThatFit / 2; i++)
        {
            await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
        }

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
        Assert.Equal(MessagesThatFit / 2, harness.Emulator.GetCounts("small-topic/Subscriptions/one").Active);
        await using var receiver = harness.Client.CreateReceiver("small-topic", "two");
        await receiver.CompleteMessageAsync(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct), Ct);
        await receiver.CompleteMessageAsync(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
    }

    [Fact]
    public async Task SendInTransaction_ReservesRoomUntilRolledBack()
    {
        await using var harness = await StartAsync();
        await using var sender = harness.Client.CreateSender("small");
        await using var otherSender = harness.Client.CreateSender("small");

        using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await FillAsync(sender);
            var inTransaction = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));
            Assert.Equal(ServiceBusFailureReason.QuotaExceeded, inTransaction.Reason);
        }

        await FillAsync(otherSender);
        Assert.Equal(MessagesThatFit, harness.Emulator.GetCounts("small").Active);
    }

    [Fact]
    public async Task CreateQueue_WithMaxSizeThroughAdministrationClient_IsEnforcedAndReported()
    {
        await using var harness = await StartAsync();
        var admin = new ServiceBusAdministrationClient(harness.Emulator.AdministrationConnectionString!);
        await admin.CreateQueueAsync(new CreateQueueOptions("runtime-small") { MaxSizeInMegabytes = 1 }, Ct);
        await using var sender = harness.Client.CreateSender("runtime-small");
        await FillAsync(sender);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
        Assert.Equal(1, (await admin.GetQueueAsync("runtime-small", Ct)).Value.MaxSizeInMegabytes);
        Assert.InRange((await admin.GetQueueRuntimePropertiesAsync("runtime-small", Ct)).Value.SizeInBytes, MessagesThatFit * HundredKilobytes.Length, 1024 * 1024);
        var queue = (await admin.GetQueueAsync("runtime-small", Ct)).Value;
        queue.MaxSizeInMegabytes = 2;
        await admin.UpdateQueueAsync(queue, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
    }

    /// <summary>
    /// An update kept every property the request sent except the size: it came back as the 1024 MB default, so a queue
    /// sized down (or up) through an update was not.
    /// </summary>
    [Fact]
    public async Task UpdateQueue_NewMaxSizeInMegabytes_IsReportedAndEnforced()
    {
        await using var harness = await StartAsync();
        var admin = new ServiceBusAdministrationClient(harness.Emulator.AdministrationConnectionString!);
        var queue = (await admin.CreateQueueAsync(new CreateQueueOptions("resized"), Ct)).Value;

        queue.MaxSizeInMegabytes = 1;
        await admin.UpdateQueueAsync(queue, Ct);

        Assert.Equal(1, (await admin.GetQueueAsync("resized", Ct)).Value.MaxSizeInMegabytes);
        await using var sender = harness.Client.CreateSender("resized");
        await FillAsync(sender);
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct));
        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
    }

    [Theory]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"MaxSizeInMegabytes":0}}]}]}}""", "Queue 'q'")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Properties":{"MaxSizeInMegabytes":81921}}]}]}}""", "Topic 't'")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"MaxSizeInMegabytes":"large"}}]}]}}""", "Queue 'q'")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Properties":{"MaxSizeInMegabytes":2048}}]}]}]}}""", "Subscription 't/s'")]
    public void Parse_InvalidMaxSizeInMegabytes_ThrowsNamingEntityAndProperty(string json, string entity)
    {
        var error = Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Parse(json));

        Assert.Contains(entity, error.Message, StringComparison.Ordinal);
        Assert.Contains("'MaxSizeInMegabytes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxSizeInMegabytes_ReadWithAzuresDefault()
    {
        var topology = EmulatorTopology.Parse(Json);

        Assert.Equal(1, topology.Queues.Single(q => q.Name == "small").Properties.MaxSizeInMegabytes);
        Assert.Equal(1024, topology.Queues.Single(q => q.Name == "default").Properties.MaxSizeInMegabytes);
    }

    private static Task<EmulatorHarness> StartAsync() => EmulatorHarness.StartAsync(o => o.Topology = EmulatorTopology.Parse(Json));

    private static async Task FillAsync(ServiceBusSender sender)
    {
        for (var i = 0; i < MessagesThatFit; i++)
        {
            await sender.SendMessageAsync(new ServiceBusMessage(HundredKilobytes), Ct);
        }
    }

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        for (var attempt = 0; received.Count < count && attempt < 50; attempt++)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(5), Ct));
        }

        return received;
    }

    private const string Json = """
    {
      "UserConfig": {
        "Namespaces": [
          {
            "Name": "sbemulatorns",
            "Queues": [
              { "Name": "small", "Properties": { "MaxSizeInMegabytes": 1, "LockDuration": "PT1M" } },
              { "Name": "default" }
            ],
            "Topics": [
              { "Name": "small-topic", "Properties": { "MaxSizeInMegabytes": 1 },
                "Subscriptions": [ { "Name": "one" }, { "Name": "two" } ] }
            ]
          }
        ]
      }
    }
    """;
}
