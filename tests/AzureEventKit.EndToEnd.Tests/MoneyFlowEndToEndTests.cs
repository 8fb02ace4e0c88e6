using System.Net;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The money flow end to end: authorize, book the shipment (the pivot), capture; void before the pivot; and an order
/// whose ShipmentCreated cannot be published waits in NeedsAttention until the operator's replay finishes it.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class MoneyFlowEndToEndTests(EndToEndFixture fixture)
{
    private static readonly TimeSpan OneOrder = TimeSpan.FromSeconds(45);

    /// <summary>Past the pivot each step retries on its own (default policy: 5 attempts over about 30 s) before NeedsAttention.</summary>
    private static readonly TimeSpan StuckOrder = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task PlaceOrder_CompletedDeliveredTwiceAndTimedOut_CapturesOnlyTheCompletedOrderOnce()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder + EndToEndFixture.PaymentTimeout);

        var completedId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-capture", EndToEndFixture.HappySku), within.Token);
        var timedOutId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-capture-timeout", EndToEndFixture.TimeoutSku), within.Token);
        await RedeliverOrderPlacedAsync(completedId, within.Token);
        await api.ConfirmWhenAcceptedAsync(completedId, within.Token);

        Assert.Equal("Completed", OrdersApi.Status(await api.WaitForStatusAsync(completedId, within.Token, "Completed", "Failed", "NeedsAttention")));
        Assert.Equal("Failed", OrdersApi.Status(await api.WaitForStatusAsync(timedOutId, within.Token, "Completed", "Failed")));
        Assert.Equal(1, fixture.Money.Charges("capture", completedId));
        Assert.Contains(("capture", completedId + ":capture"), fixture.Money.GatewayCalls);
        Assert.Equal(0, fixture.Money.Charges("void", completedId));
        Assert.Equal(0, fixture.Money.Charges("capture", timedOutId));
        Assert.Equal(1, fixture.Money.Charges("void", timedOutId));
        Assert.Equal("Captured", (await PaymentAsync(completedId, within.Token))["Status"]);
    }

    [Fact]
    public async Task ShipmentCreatedPublishFails_NoCompensationOrderNeedsAttention_ResumeFinishesItAfterRecovery()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(StuckOrder + OneOrder);
        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-needs-attention", EndToEndFixture.HappySku), within.Token);
        fixture.Money.ShipmentAnnouncementOutage[orderId] = true;

        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        var stuck = await api.WaitForStatusAsync(orderId, within.Token, "NeedsAttention", "Completed", "Failed");

        Assert.Equal("NeedsAttention", OrdersApi.Status(stuck));
        Assert.Equal(0, fixture.Money.Charges("void", orderId));
        Assert.Equal(1, fixture.Money.Charges("capture", orderId));
        Assert.Equal("Reserved", (await ReservationAsync(orderId, within.Token))["Status"]);
        Assert.DoesNotContain(fixture.Published, message => message.CorrelationId == orderId && message.Subject == "orders.failed.v1");

        // The bus recovers; the documented replay (runbook: "Orders needing attention") finishes the order.
        fixture.Money.ShipmentAnnouncementOutage.TryRemove(orderId, out _);
        using (var resume = await api.OperatorHttp.PostAsync($"api/fulfillment/{orderId}/resume", content: null, within.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }

        var finished = await api.WaitForStatusAsync(orderId, within.Token, "Completed", "Failed");
        Assert.Equal("Completed", OrdersApi.Status(finished));
        Assert.Equal(1, fixture.Money.Charges("capture", orderId));
        Assert.Equal(0, fixture.Money.Charges("void", orderId));
        await Eventually.TrueAsync(
            () => fixture.Published.Any(message => message.CorrelationId == orderId && message.Subject == "orders.shipment-created.v1"),
            OneOrder,
            "ShipmentCreated published after the replay");
        using var again = await api.OperatorHttp.PostAsync($"api/fulfillment/{orderId}/resume", content: null, within.Token);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private async Task RedeliverOrderPlacedAsync(string orderId, CancellationToken cancellationToken)
    {
        await Eventually.TrueAsync(
            () => fixture.Published.Any(message => message.CorrelationId == orderId && message.Subject == "orders.placed.v1"), OneOrder, "OrderPlaced published");
        var placed = fixture.Published.First(message => message.CorrelationId == orderId && message.Subject == "orders.placed.v1");
        await using var sender = fixture.ServiceBus.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage(placed) { MessageId = placed.MessageId + "-redelivered" }, cancellationToken);
    }

    private async Task<TableEntity> PaymentAsync(string orderId, CancellationToken cancellationToken) =>
        (await fixture.Tables.GetTableClient("Payments").GetEntityAsync<TableEntity>(orderId, "authorization", cancellationToken: cancellationToken)).Value;

    private async Task<TableEntity> ReservationAsync(string orderId, CancellationToken cancellationToken) =>
        (await fixture.Tables.GetTableClient("Inventory").GetEntityAsync<TableEntity>("warehouse-main", "reservation:" + orderId, cancellationToken: cancellationToken)).Value;
}
