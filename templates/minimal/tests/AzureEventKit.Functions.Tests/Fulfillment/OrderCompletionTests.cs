using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>The workflow's one effect, against Azurite: idempotent, and it writes only the summary row it owns.</summary>
public sealed class OrderCompletionTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteAsync_PendingOrder_WritesCompletedSummaryAndLeavesTheRequestRowAlone()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var before = DateTimeOffset.UtcNow;
        var completion = new OrderCompletion(azurite.TableService, TimeProvider.System);

        var status = await completion.CompleteAsync(orderId, Cancellation);

        Assert.Equal(nameof(OrderStatus.Completed), status);
        var row = Assert.Single(await azurite.OrderPartitionAsync(orderId, Cancellation));
        Assert.Equal(OrderTables.SummaryRowKey, row.RowKey);
        Assert.Equal(nameof(OrderStatus.Completed), row.GetString(nameof(OrderSummaryEntity.Status)));
        Assert.True(row.GetDateTimeOffset(nameof(OrderSummaryEntity.UpdatedAt)) >= before);
    }

    [Fact]
    public async Task CompleteAsync_Twice_LeavesTheRowAsTheFirstRunLeftIt()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var completion = new OrderCompletion(azurite.TableService, TimeProvider.System);
        await completion.CompleteAsync(orderId, Cancellation);
        var first = (await azurite.Orders.GetEntityAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;

        var status = await completion.CompleteAsync(orderId, Cancellation);

        Assert.Equal(nameof(OrderStatus.Completed), status);
        var second = (await azurite.Orders.GetEntityAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;
        Assert.Equal(first.ETag, second.ETag);
    }
}
