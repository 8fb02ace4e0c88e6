using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Time.Testing;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>Entities created, updated and deleted through the administration endpoint behave like those of the topology file.</summary>
public sealed class RuntimeEntityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceBusAdministrationClient Admin(EmulatorHarness harness) => new(harness.Emulator.AdministrationConnectionString!);

    [Fact]
    public async Task CreateSubscriptionAsync_WithSqlRule_ReceivesOnlyMatchingMessagesWithTheActionApplied()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await Admin(harness).CreateSubscriptionAsync(
            new CreateSubscriptionOptions("orders", "runtime-big"),
            new CreateRuleOptions("big", new SqlRuleFilter("amount > 100 AND sys.Label = 'orders.placed.v1'")) { Action = new SqlRuleAction("SET tier = 'gold'") },
            Ct);
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "runtime-big");

        await sender.SendMessagesAsync(
        [
            new ServiceBusMessage("small") { Subject = "orders.placed.v1", ApplicationProperties = { ["amount"] = 5 } },
            new ServiceBusMessage("big") { Subject = "orders.placed.v1", ApplicationProperties = { ["amount"] = 500 } },
            new ServiceBusMessage("other") { Subject = "orders.shipped.v1", ApplicationProperties = { ["amount"] = 500 } },
        ], Ct);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("big", received!.Body.ToString());
        Assert.Equal("gold", received.ApplicationProperties["tier"]);
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/runtime-big").Active);
        Assert.Equal(3, harness.Emulator.GetCounts("orders/Subscriptions/all").Active);
    }

    [Fact]
    public async Task CreateRuleAsync_CorrelationRuleReplacingDefault_FiltersFromTheNextMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateSubscriptionAsync("orders", "eu", Ct);
        await admin.CreateRuleAsync("orders", "eu", new CreateRuleOptions("eu", new CorrelationRuleFilter { ApplicationProperties = { ["region"] = "eu" } }), Ct);
        await admin.DeleteRuleAsync("orders", "eu", "$Default", Ct);
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "eu");

        await sender.SendMessagesAsync(
        [
            new ServiceBusMessage("us") { ApplicationProperties = { ["region"] = "us" } },
            new ServiceBusMessage("eu") { ApplicationProperties = { ["region"] = "eu" } },
        ], Ct);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("eu", received!.Body.ToString());
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/eu").Active);
    }

    [Fact]
    public async Task CreateSubscriptionAsync_ForwardToRuntimeQueue_MessageArrivesInTheQueue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateQueueAsync("audit", Ct);
        await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("orders", "to-audit") { ForwardTo = "audit" }, Ct);
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("audit");

        await sender.SendMessageAsync(new ServiceBusMessage("copy") { MessageId = "a1" }, Ct);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("a1", received!.MessageId);
        Assert.Equal(0, harness.Emulator.GetCounts("orders/Subscriptions/to-audit").Active);
    }

    [Fact]
    public async Task CreateQueueAsync_SessionsAndMaxDeliveryCount_BehaveLikeTopologyQueues()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateQueueAsync(new CreateQueueOptions("runtime-sessions") { RequiresSession = true, LockDuration = TimeSpan.FromSeconds(5) }, Ct);
        await admin.CreateQueueAsync(new CreateQueueOptions("runtime-once") { MaxDeliveryCount = 1 }, Ct);
        await using var sessionSender = harness.Client.CreateSender("runtime-sessions");
        await using var onceSender = harness.Client.CreateSender("runtime-once");
        await using var onceReceiver = harness.Client.CreateReceiver("runtime-once");
        await using var deadLetters = harness.Client.CreateReceiver("runtime-once", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

        var noSession = await Assert.ThrowsAsync<InvalidOperationException>(() => sessionSender.SendMessageAsync(new ServiceBusMessage("x"), Ct));
        await sessionSender.SendMessageAsync(new ServiceBusMessage("in session") { SessionId = "s1" }, Ct);
        await using var session = await harness.Client.AcceptNextSessionAsync("runtime-sessions", cancellationToken: Ct);
        var sessionMessage = await session.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await onceSender.SendMessageAsync(new ServiceBusMessage("fails once"), Ct);
        var attempt = await onceReceiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await onceReceiver.AbandonMessageAsync(attempt!, cancellationToken: Ct);
        var deadLettered = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Contains("SessionId", noSession.Message, StringComparison.Ordinal);
        Assert.Equal("s1", session.SessionId);
        Assert.Equal("in session", sessionMessage!.Body.ToString());
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered!.DeadLetterReason);
    }

    [Fact]
    public async Task CreateQueueAsync_TimeToLiveWithDeadLettering_ExpiredMessageMovesToDeadLetterQueue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await Admin(harness).CreateQueueAsync(new CreateQueueOptions("runtime-expiring") { DefaultMessageTimeToLive = TimeSpan.FromSeconds(1), DeadLetteringOnMessageExpiration = true }, Ct);
        await using var sender = harness.Client.CreateSender("runtime-expiring");
        await using var deadLetters = harness.Client.CreateReceiver("runtime-expiring", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

        await sender.SendMessageAsync(new ServiceBusMessage("stale"), Ct);

        var expired = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("stale", expired!.Body.ToString());
        Assert.Equal("TTLExpiredException", expired.DeadLetterReason);
    }

    [Fact]
    public async Task CreateTopicAsync_DuplicateDetection_DropsARepeatedMessageId()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateTopicAsync(new CreateTopicOptions("dedup-topic") { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(5) }, Ct);
        await admin.CreateSubscriptionAsync("dedup-topic", "all", Ct);
        await using var sender = harness.Client.CreateSender("dedup-topic");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same" }, Ct);

        Assert.Equal(1, harness.Emulator.GetCounts("dedup-topic/Subscriptions/all").Active);
    }

    [Fact]
    public async Task UpdateQueueAsync_LowerMaxDeliveryCount_AppliesToTheNextFailedAttempt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("retry"), Ct);
        var work = (await admin.GetQueueAsync("work", Ct)).Value;
        work.MaxDeliveryCount = 1;

        await admin.UpdateQueueAsync(work, Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.AbandonMessageAsync(message!, cancellationToken: Ct);

        Assert.Equal(1, harness.Emulator.GetCounts("work").DeadLetter);
    }

    [Fact]
    public async Task UpdateQueueAsync_ReportedWindowSentBackUnchanged_KeepsTheTopologysShorterWindow()
    {
        // "dedup" has a 2-second window, which the SDK cannot read; it is reported as 20 seconds.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        var admin = Admin(harness);
        var dedup = (await admin.GetQueueAsync("dedup", Ct)).Value;
        dedup.MaxDeliveryCount = 5;
        await admin.UpdateQueueAsync(dedup, Ct);
        await using var sender = harness.Client.CreateSender("dedup");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" }, Ct);
        clock.Advance(TimeSpan.FromSeconds(3));
        await sender.SendMessageAsync(new ServiceBusMessage("after the window") { MessageId = "same" }, Ct);

        Assert.Equal(TimeSpan.FromSeconds(20), dedup.DuplicateDetectionHistoryTimeWindow);
        Assert.Equal(2, harness.Emulator.GetCounts("dedup").Active);
    }

    [Fact]
    public async Task DeleteQueueAsync_WithOpenSenderAndReceiver_LinksFailWithMessagingEntityNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateQueueAsync("doomed", Ct);
        await using var sender = harness.Client.CreateSender("doomed");
        await using var receiver = harness.Client.CreateReceiver("doomed");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Ct);
        var before = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        await admin.DeleteQueueAsync("doomed", Ct);

        var sendError = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("after"), Ct));
        var receiveError = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal("before", before!.Body.ToString());
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, sendError.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receiveError.Reason);
        Assert.Throws<ArgumentException>(() => harness.Emulator.GetCounts("doomed"));

        await admin.CreateQueueAsync("doomed", Ct);
        await using var newSender = harness.Client.CreateSender("doomed");
        await newSender.SendMessageAsync(new ServiceBusMessage("fresh"), Ct);
        Assert.Equal(1, harness.Emulator.GetCounts("doomed").Active);
    }

    [Fact]
    public async Task DeleteTopicAsync_WithOpenSubscriptionReceiver_ReceiverFailsWithMessagingEntityNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateTopicAsync("short-lived", Ct);
        await admin.CreateSubscriptionAsync("short-lived", "reader", Ct);
        await using var receiver = harness.Client.CreateReceiver("short-lived", "reader");
        Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));

        await admin.DeleteTopicAsync("short-lived", Ct);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
        Assert.False((await admin.SubscriptionExistsAsync("orders", "reader", Ct)).Value);
    }

    [Fact]
    public async Task ManagementRacingMessaging_SubscriptionsComeAndGo_SteadySubscriptionReceivesEveryMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await using var sender = harness.Client.CreateSender("orders");
        const int Messages = 300;
        const int Churns = 30;

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                await sender.SendMessageAsync(new ServiceBusMessage($"m{i}"), Ct);
            }
        }, Ct);
        for (var i = 0; i < Churns; i++)
        {
            await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("orders", $"churn-{i}"), new CreateRuleOptions("r", new SqlRuleFilter("1=1")), Ct);
            await admin.CreateQueueAsync($"churn-queue-{i}", Ct);
            await admin.DeleteSubscriptionAsync("orders", $"churn-{i}", Ct);
            await admin.DeleteQueueAsync($"churn-queue-{i}", Ct);
        }

        await sending;

        Assert.Equal(Messages, harness.Emulator.GetCounts("orders/Subscriptions/all").Active);
        Assert.DoesNotContain(harness.Emulator.GetAllCounts(), c => c.Path.Contains("churn", StringComparison.Ordinal));
    }
}
