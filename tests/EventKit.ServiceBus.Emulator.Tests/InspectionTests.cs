using System.Net;
using System.Text.Json;
using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class InspectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HttpEndpoint_EntityPath_ReportsActiveScheduledDeadLetterAndDeferredCounts()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessagesAsync([new ServiceBusMessage("1"), new ServiceBusMessage("2"), new ServiceBusMessage("3")], Ct);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeadLetterMessageAsync(first, "Test", cancellationToken: Ct);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeferMessageAsync(second, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("entities/work", UriKind.Relative), Ct));

        var root = document.RootElement;
        Assert.Equal("work", root.GetProperty("path").GetString());
        Assert.Equal(1, root.GetProperty("active").GetInt64());
        Assert.Equal(1, root.GetProperty("scheduled").GetInt64());
        Assert.Equal(1, root.GetProperty("deadLetter").GetInt64());
        Assert.Equal(1, root.GetProperty("deferred").GetInt64());
    }

    [Fact]
    public async Task HttpEndpoint_AllEntities_ListsQueuesTopicsAndSubscriptions()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("entities", UriKind.Relative), Ct));
        var paths = document.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();

        Assert.Contains("work", paths);
        Assert.Contains("orders", paths);
        Assert.Contains("orders/Subscriptions/big-eu", paths);
        Assert.Equal(harness.Emulator.GetAllCounts().Count, paths.Count);
    }

    [Fact]
    public async Task HttpEndpoint_UnknownEntity_Returns404()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var response = await http.GetAsync(new Uri("entities/nope", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task InspectionPort_MinusOne_DisablesTheEndpoint()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.InspectionPort = -1);

        Assert.Null(harness.Emulator.InspectionEndpoint);
        Assert.Throws<ArgumentException>(() => harness.Emulator.GetCounts("nope"));
    }

    [Fact]
    public async Task AdministrationClient_RuntimeProperties_ReportCountsForQueueTopicAndSubscription()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var queueSender = harness.Client.CreateSender("work");
        await using var topicSender = harness.Client.CreateSender("orders");
        await queueSender.SendMessagesAsync([new ServiceBusMessage("1"), new ServiceBusMessage("2")], Ct);
        await topicSender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        await topicSender.SendMessageAsync(new ServiceBusMessage("now") { Subject = "orders.placed.v1" }, Ct);
        var admin = new Azure.Messaging.ServiceBus.Administration.ServiceBusAdministrationClient(harness.Emulator.AdministrationConnectionString!);

        var queue = (await admin.GetQueueRuntimePropertiesAsync("work", Ct)).Value;
        var topic = (await admin.GetTopicRuntimePropertiesAsync("orders", Ct)).Value;
        var subscription = (await admin.GetSubscriptionRuntimePropertiesAsync("orders", "placed", Ct)).Value;

        Assert.Equal("work", queue.Name);
        Assert.Equal(2, queue.ActiveMessageCount);
        Assert.Equal(2, queue.TotalMessageCount);
        Assert.Equal(1, topic.ScheduledMessageCount);
        Assert.Equal("placed", subscription.SubscriptionName);
        Assert.Equal(1, subscription.ActiveMessageCount);
        var missing = await Assert.ThrowsAsync<ServiceBusException>(() => admin.GetQueueRuntimePropertiesAsync("nope", Ct));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, missing.Reason);
    }
}
