using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>The order outbox end to end: an order whose announcement failed is announced by the timer-triggered sweeper.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class OutboxSweeperEndToEndTests(EndToEndFixture fixture)
{
    public const string SweeperFunction = "SweepUnpublishedOrders";

    [Fact]
    public async Task PlaceOrder_PublishFailsWith503_SweeperPublishesOnceAndTheOrderCompletes()
    {
        var customerId = "e2e-outbox-" + Guid.NewGuid().ToString("N")[..12];
        fixture.Publishing.RefuseOrdersOf(customerId);
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(90));

        using (var refused = await api.PostOrderAsync(OrdersApi.NewOrder(customerId, EndToEndFixture.HappySku), within.Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        // The client got no order id (no Idempotency-Key, no retry): only the sweeper can announce this order now.
        var orderId = await OrderIdOfAsync(customerId, within.Token);
        api.Adopt(orderId, customerId); // read it as its owner
        Assert.Equal(1, fixture.Publishing.RefusedFor(customerId));
        fixture.Publishing.Restore(customerId);

        await fixture.Host.InvokeTimerAsync(SweeperFunction, cancellationToken: within.Token);
#if (!minimal)
        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
#endif
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");

        Assert.Single(fixture.Published, message => message.MessageId == orderId + ":placed");
    }

    private async Task<string> OrderIdOfAsync(string customerId, CancellationToken cancellationToken)
    {
        var orders = fixture.Tables.GetTableClient("Orders");
        await foreach (var row in orders.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CustomerId eq {customerId}"), select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return row.PartitionKey;
        }

        throw new Xunit.Sdk.XunitException($"No order row was saved for customer {customerId}.");
    }
}
