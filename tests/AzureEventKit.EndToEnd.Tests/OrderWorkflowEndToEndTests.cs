using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using System.Net;
using System.Net.Http.Json;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The order workflow end to end, through HTTP and Service Bus only: the app's real functions run in the in-process host
/// over a real Azurite and the Service Bus emulator. Tables, emulator counts, Durable state and spans are only observed.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class OrderWorkflowEndToEndTests(EndToEndFixture fixture)
{
    private static readonly TimeSpan OneOrder = TimeSpan.FromSeconds(45);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlaceOrder_PaymentConfirmed_CompletesWithProjectionAndNotification()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-happy", EndToEndFixture.HappySku, quantity: 2), within.Token);
        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        var order = await api.WaitForStatusAsync(orderId, within.Token, "Completed", "Failed");

        Assert.Equal("Completed", OrdersApi.Status(order));
        var timeline = OrdersApi.Find(order, "timeline");
        Assert.True(timeline is { ValueKind: JsonValueKind.Array } && timeline.Value.GetArrayLength() >= 2, $"timeline: {order}");
        Assert.Contains("completed", timeline!.Value.ToString(), StringComparison.OrdinalIgnoreCase);
        await Eventually.TrueAsync(() => NotificationsFor(orderId).Count == 1, OneOrder, "one notification for the completed order");

        // The saga authorized the catalogue's total; the request named no price at all.
        Assert.Equal(2 * EndToEndFixture.HappyPrice, OrdersApi.Find(order, "total")!.Value.GetDecimal());
        await Eventually.TrueAsync(() => PublishedFor(orderId, PaymentAuthorized.EventType) is not null, OneOrder, "PaymentAuthorized published");
        var authorized = JsonDocument.Parse(PublishedFor(orderId, PaymentAuthorized.EventType)!.Body.ToString()).RootElement.GetProperty("data");
        Assert.Equal(2 * EndToEndFixture.HappyPrice, authorized.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task OneCustomerHoardsUnpaidOrders_RefusedAtTheLimitWhileAnotherCustomerStillGetsStock_AndTheHoardEndsWithThePaymentTimeout()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder + EndToEndFixture.PaymentTimeout);
        const string hoarder = "e2e-hoarder";
        const int perOrder = EndToEndFixture.MaxQuantityPerLine;
        var before = await AvailableAsync(EndToEndFixture.HoardSku);

        // The hoarder fills every open-order place with the biggest line allowed, and never pays.
        var held = new List<string>();
        for (var i = 0; i < EndToEndFixture.OpenOrdersPerCustomer; i++)
        {
            held.Add(await api.PlaceAsync(OrdersApi.NewOrder(hoarder, EndToEndFixture.HoardSku, perOrder), within.Token));
        }

        await Eventually.TrueAsync(async () => await AvailableAsync(EndToEndFixture.HoardSku) == before - (held.Count * perOrder), OneOrder, "the hoarder's stock reserved");

        using (var oneMore = await api.PostOrderAsync(OrdersApi.NewOrder(hoarder, EndToEndFixture.HoardSku), within.Token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, oneMore.StatusCode);
            Assert.Equal("application/problem+json", oneMore.Content.Headers.ContentType?.MediaType);
            Assert.True(oneMore.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        }

        using (var biggerLine = await api.PostOrderAsync(OrdersApi.NewOrder("e2e-hoarder-accomplice", EndToEndFixture.HoardSku, perOrder + 1), within.Token))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, biggerLine.StatusCode);
            Assert.Contains("items[0].quantity", await biggerLine.Content.ReadAsStringAsync(within.Token), StringComparison.Ordinal);
        }

        // Another customer still gets stock, and completes.
        var fair = await api.PlaceAsync(OrdersApi.NewOrder("e2e-fair-customer", EndToEndFixture.HoardSku, 2), within.Token);
        await api.ConfirmWhenAcceptedAsync(fair, within.Token);
        Assert.Equal("Completed", OrdersApi.Status(await api.WaitForStatusAsync(fair, within.Token, "Completed", "Failed")));

        // The hoard lives only as long as the payment wait: the saga fails each unpaid order, releases its stock, and the
        // hoarder's places free up.
        foreach (var orderId in held)
        {
            var failed = await api.WaitForStatusAsync(orderId, within.Token, "Completed", "Failed");
            Assert.Contains("PaymentTimeout", failed.ToString(), StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(async () => await AvailableAsync(EndToEndFixture.HoardSku) == before - 2, OneOrder, "the hoard released, the fair order's stock kept");
        await api.PlaceAsync(OrdersApi.NewOrder(hoarder, EndToEndFixture.HoardSku), within.Token);
    }

    [Fact]
    public async Task PlaceOrder_PaymentNeverConfirmed_TimesOutCompensatesAndRestoresInventory()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder + EndToEndFixture.PaymentTimeout);
        var before = await AvailableAsync(EndToEndFixture.TimeoutSku);

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-timeout", EndToEndFixture.TimeoutSku, quantity: 2), within.Token);
        await Eventually.TrueAsync(async () => await AvailableAsync(EndToEndFixture.TimeoutSku) == before - 2, OneOrder, "stock reserved");
        var order = await api.WaitForStatusAsync(orderId, within.Token, "Completed", "Failed");

        Assert.Equal("Failed", OrdersApi.Status(order));
        Assert.Contains("PaymentTimeout", order.ToString(), StringComparison.OrdinalIgnoreCase);
        await Eventually.TrueAsync(async () => await AvailableAsync(EndToEndFixture.TimeoutSku) == before, OneOrder, "stock released by compensation");
        // The test's tap subscription may receive OrderFailed after the projection already showed it.
        await Eventually.TrueAsync(() => fixture.Published.Any(m => m.CorrelationId == orderId && m.Subject == "orders.failed.v1"), OneOrder, "OrderFailed published");
    }

    [Fact]
    public async Task OrderPlaced_DeliveredTwice_StartsOneOrchestrationAndSendsOneNotification()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);
        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-duplicate", EndToEndFixture.HappySku), within.Token);
        await Eventually.TrueAsync(() => PublishedFor(orderId, "orders.placed.v1") is not null, OneOrder, "OrderPlaced published");

        // The same event again, with a new MessageId so broker duplicate detection does not drop it: the redelivery a
        // consumer must survive (for example after the detection window, or a publish retried by another instance).
        var placed = PublishedFor(orderId, "orders.placed.v1")!;
        var again = new ServiceBusMessage(placed) { MessageId = placed.MessageId + "-redelivered" };
        await using (var sender = fixture.ServiceBus.CreateSender("orders"))
        {
            await sender.SendMessageAsync(again, within.Token);
        }

        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");
        await Eventually.TrueAsync(() => NotificationsFor(orderId).Count >= 1, OneOrder, "notification sent");
        await fixture.WaitUntilDeliveriesSettledAsync(OneOrder); // the duplicate's effects, if any, have landed

        Assert.Single(await fixture.InstancesAsync(orderId, within.Token));
        Assert.Single(NotificationsFor(orderId));
    }

    [Fact]
    public async Task MalformedMessage_DeadLetteredRecordedThenReplayedWithFix_ProcessedExactlyOnce()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(90));
        var orderId = "e2e-dlq-" + Guid.NewGuid().ToString("N")[..8];
        var eventId = orderId + ":placed";
        var order = new OrderPlaced(orderId, "e2e-dlq", "e2e-dlq@example.com", [new OrderLine(EndToEndFixture.HappySku, 1, 10m)], 10m, "EUR", DateTimeOffset.UtcNow);
        var valid = new CloudEventMessageMapper(new MessagingOptions(), TimeProvider.System).ToMessage(order, eventId);
        var malformed = MalformedMessages.Truncated(valid);
        api.Adopt(orderId, order.CustomerId);

        await using (var sender = fixture.ServiceBus.CreateSender("orders"))
        {
            await sender.SendMessageAsync(malformed, within.Token);
        }

        // Every subscription that takes OrderPlaced dead-letters it at once, and the recorders move each into the table.
        JsonElement[] recorded = [];
        await Eventually.TrueAsync(async () =>
        {
            recorded = [.. (await api.GetDeadLettersAsync(within.Token)).EnumerateArray().Where(d => OrdersApi.Find(d, "correlationId")?.GetString() == orderId)];
            return recorded.Length == 3;
        }, TimeSpan.FromSeconds(45), "three dead letters recorded (fulfillment, projections, notifications)");
        Assert.All(recorded, d => Assert.Equal("UndeserializableBody", OrdersApi.Find(d, "deadLetterReason")?.GetString()));
        Assert.Equal(["fulfillment", "notifications", "projections"], recorded.Select(d => OrdersApi.Find(d, "subscription")!.Value.GetString()!).Order());
        Assert.Equal(0, fixture.Emulator.GetCounts("orders/Subscriptions/fulfillment").DeadLetter);

        // The operator's fix: replay each copy with the corrected body (each replay is a new message,
        // {original}:replay:{dead-letter id}, so both reach every subscription); a second replay of one dead letter is refused.
        var fulfillmentId = recorded.Single(d => OrdersApi.Find(d, "subscription")!.Value.GetString() == "fulfillment").GetProperty("id").GetString()!;
        var projectionsId = recorded.Single(d => OrdersApi.Find(d, "subscription")!.Value.GetString() == "projections").GetProperty("id").GetString()!;
        using (var fix = new ByteArrayContent(valid.Body.ToArray()))
        {
            using var replayed = await api.OperatorHttp.PostAsync($"api/dead-letters/{fulfillmentId}/replay", fix, within.Token);
            Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        }

        using (var again = await api.OperatorHttp.PostAsync($"api/dead-letters/{fulfillmentId}/replay", null, within.Token))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var fix = new ByteArrayContent(valid.Body.ToArray()))
        {
            using var other = await api.OperatorHttp.PostAsync($"api/dead-letters/{projectionsId}/replay", fix, within.Token);
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }

        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        var view = await api.WaitForStatusAsync(orderId, within.Token, "Completed", "Failed");
        await Eventually.TrueAsync(() => NotificationsFor(orderId).Count == 1, OneOrder, "one notification for the replayed order");
        await fixture.WaitUntilDeliveriesSettledAsync(OneOrder);

        Assert.Equal("Completed", OrdersApi.Status(view));
        await Eventually.TrueAsync(() => fixture.Published.Count(m => m.MessageId.StartsWith(eventId + ":replay:", StringComparison.Ordinal)) == 2, OneOrder, "both replays published");
        Assert.Single(await fixture.InstancesAsync(orderId, within.Token));
        Assert.Single(OrdersApi.Find(view, "timeline")!.Value.EnumerateArray(), e => e.GetProperty("eventId").GetString() == eventId);
        Assert.Single(NotificationsFor(orderId));
    }

    [Fact]
    public async Task Subscriber_FailsTransientlyTwice_SucceedsOnRedelivery()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-flaky", EndToEndFixture.HappySku), within.Token);
        fixture.Flaky.FailTransiently(orderId);
        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");
        await Eventually.TrueAsync(() => NotificationsFor(orderId).Count == 1, OneOrder, "notification sent on the third delivery");

        Assert.Equal(3, fixture.Flaky.Attempts[orderId]);
        Assert.Single(NotificationsFor(orderId));
        Assert.Equal(0, fixture.Emulator.GetCounts("orders/Subscriptions/notifications").DeadLetter);
        Assert.DoesNotContain((await api.GetDeadLettersAsync(within.Token)).EnumerateArray(), d => OrdersApi.Find(d, "correlationId")?.GetString() == orderId);
    }

    [Fact]
    public async Task PlacedOrder_Traced_OneTraceFromHttpAcceptToOrderCompletedAndLogsCarryOrderId()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-trace", EndToEndFixture.HappySku), within.Token);
        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");
        await Eventually.TrueAsync(() => NotificationsFor(orderId).Count == 1, OneOrder, "notification sent");

        var placedPublish = fixture.Spans.First(s => s.DisplayName == "publish orders.placed.v1" && Tagged(s, orderId));
        var trace = fixture.Spans.Where(s => s.TraceId == placedPublish.TraceId).ToList();
        var names = string.Join(" | ", trace.Select(s => $"{s.Kind}:{s.DisplayName}").Distinct());
        Assert.True(trace.Any(s => s.Kind == ActivityKind.Server && s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), names); // HTTP accept
        Assert.True(trace.Any(s => s.DisplayName == "Invoke PlaceOrder"), names);
        Assert.True(trace.Any(s => s.Kind == ActivityKind.Consumer && s.DisplayName.StartsWith("process orders.placed.v1 (fulfillment)", StringComparison.Ordinal)), names); // subscriber
        Assert.True(trace.Any(s => s.DisplayName.Contains("OrderFulfillment", StringComparison.Ordinal)), names);   // orchestration
        Assert.True(trace.Any(s => s.DisplayName.Contains("ReserveInventory", StringComparison.Ordinal)), names);   // activities
        Assert.True(trace.Any(s => s.DisplayName.Contains("CreateShipment", StringComparison.Ordinal)), names);
        Assert.True(trace.Any(s => s.DisplayName == "publish orders.completed.v1" && s.Kind == ActivityKind.Producer), names); // OrderCompleted publish

        var accept = placedPublish;
        var appLogs = fixture.Logs.Entries.Where(e => e.Category.StartsWith("AzureEventKit", StringComparison.Ordinal) && e.TraceId == accept.TraceId.ToString()).ToList();
        Assert.NotEmpty(appLogs);
        Assert.All(appLogs, e => Assert.True(
            e.Message.Contains(orderId, StringComparison.Ordinal) || e.State.Any(p => p.Value?.ToString() == orderId),
            $"log without the order id: [{e.Category}] {e.Message}"));
    }

    private static bool Tagged(Activity span, string orderId) =>
        span.Tags.Any(t => t.Value == orderId) || span.Baggage.Any(b => b.Value == orderId);

    private ServiceBusReceivedMessage? PublishedFor(string orderId, string eventType) =>
        fixture.Published.FirstOrDefault(m => m.CorrelationId == orderId && m.Subject == eventType);

    /// <summary>The notifications the CustomerNotifier recorded for an order (table Notifications: PK = order id, RK = event id; ledger and recipient rows excluded).</summary>
    private List<TableEntity> NotificationsFor(string orderId)
    {
        var table = fixture.Tables.GetTableClient("Notifications");
        try
        {
            return table.Query<TableEntity>(e => e.PartitionKey == orderId).Where(e => !e.RowKey.StartsWith("ledger|", StringComparison.Ordinal) && e.RowKey != "recipient").ToList();
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return [];
        }
    }

    private async Task<int> AvailableAsync(string sku)
    {
        var table = fixture.Tables.GetTableClient("Inventory");
        var row = await table.GetEntityAsync<TableEntity>("warehouse-main", "stock:" + sku, cancellationToken: Cancel);
        return row.Value.GetInt32("Available") ?? throw new InvalidOperationException("no Available column");
    }
}
