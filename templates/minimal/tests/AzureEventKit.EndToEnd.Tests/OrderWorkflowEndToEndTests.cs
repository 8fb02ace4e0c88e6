using System.Net;
using System.Text.Json;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The order workflow end to end, through HTTP and Service Bus only: the app's real functions run in the in-process host
/// over a real Azurite and the Service Bus emulator. Emulator counts and Durable state are only observed.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class OrderWorkflowEndToEndTests(EndToEndFixture fixture)
{
    private static readonly TimeSpan OneOrder = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task PlaceOrder_ThroughHttp_SubscriberStartsTheWorkflowWhichCompletesTheOrder()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-minimal", "SKU-1", quantity: 2), within.Token);
        var view = await api.WaitForStatusAsync(orderId, within.Token, "Completed");

        Assert.Equal("Completed", OrdersApi.Status(view));
        // The activity marks the order Completed before the orchestration records its own end: wait for that event.
        await fixture.Host.DurableClient.WaitForInstanceCompletionAsync(orderId, within.Token);
        var instance = Assert.Single(await fixture.InstancesAsync(orderId, within.Token));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task MalformedMessage_DeadLetteredRecordedThenReplayedWithFix_StartsNothingTwice()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(90));
        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-dlq", "SKU-1"), within.Token);
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");
        var eventId = orderId + ":placed-again";
        var order = new OrderPlaced(orderId, "e2e-dlq", "e2e-dlq@example.com", [new OrderLine("SKU-1", 1, 10m)], 10m, "EUR", DateTimeOffset.UtcNow);
        var valid = new CloudEventMessageMapper(new MessagingOptions(), TimeProvider.System).ToMessage(order, eventId);
        var malformed = MalformedMessages.Truncated(valid);

        await using (var sender = fixture.ServiceBus.CreateSender("orders"))
        {
            await sender.SendMessageAsync(malformed, within.Token);
        }

        JsonElement recorded = default;
        await Eventually.TrueAsync(async () =>
        {
            var matches = (await api.GetDeadLettersAsync(within.Token)).EnumerateArray().Where(d => OrdersApi.Find(d, "correlationId")?.GetString() == orderId).ToList();
            recorded = matches.FirstOrDefault();
            return matches.Count == 1;
        }, OneOrder, "the dead letter recorded");
        Assert.Equal("UndeserializableBody", OrdersApi.Find(recorded, "deadLetterReason")?.GetString());
        Assert.Equal("fulfillment", OrdersApi.Find(recorded, "subscription")?.GetString());
        var deadLetterId = recorded.GetProperty("id").GetString()!;

        using (var fix = new ByteArrayContent(valid.Body.ToArray()))
        {
            using var replayed = await api.OperatorHttp.PostAsync($"api/dead-letters/{deadLetterId}/replay", fix, within.Token);
            Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        }

        using (var again = await api.OperatorHttp.PostAsync($"api/dead-letters/{deadLetterId}/replay", null, within.Token))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The replay reaches the subscriber, which finds the order's workflow already there and starts nothing new.
        await Eventually.TrueAsync(() => fixture.Published.Any(m => m.MessageId.StartsWith(eventId + ":replay:", StringComparison.Ordinal)), OneOrder, "the replay published");
        await Eventually.TrueAsync(() => fixture.Emulator.GetCounts("orders/Subscriptions/fulfillment") is { Active: 0, Locked: 0, DeadLetter: 0 }, OneOrder, "the replay consumed");
        await fixture.Host.DurableClient.WaitForInstanceCompletionAsync(orderId, within.Token);
        var instance = Assert.Single(await fixture.InstancesAsync(orderId, within.Token));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }
}
