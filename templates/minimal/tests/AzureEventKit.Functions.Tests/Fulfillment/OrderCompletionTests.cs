using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>The workflow's one effect, against Azurite: idempotent, ETag-checked, and loud about a missing order.</summary>
public sealed class OrderCompletionTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteAsync_PendingOrder_SetsCompletedAndUpdatedAt()
    {
        var orderId = await PendingOrderAsync();
        var completion = new OrderCompletion(azurite.TableService, TimeProvider.System);

        var status = await completion.CompleteAsync(orderId, Cancellation);

        Assert.Equal(nameof(OrderStatus.Completed), status);
        var row = (await azurite.Orders.GetEntityAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;
        Assert.Equal(nameof(OrderStatus.Completed), row.Status);
        Assert.True(row.UpdatedAt > row.PlacedAt);
    }

    [Fact]
    public async Task CompleteAsync_Twice_LeavesTheRowAsTheFirstRunLeftIt()
    {
        var orderId = await PendingOrderAsync();
        var completion = new OrderCompletion(azurite.TableService, TimeProvider.System);
        await completion.CompleteAsync(orderId, Cancellation);
        var first = (await azurite.Orders.GetEntityAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;

        var status = await completion.CompleteAsync(orderId, Cancellation);

        Assert.Equal(nameof(OrderStatus.Completed), status);
        var second = (await azurite.Orders.GetEntityAsync<OrderEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;
        Assert.Equal(first.ETag, second.ETag);
    }

    [Fact]
    public async Task CompleteAsync_UnknownOrder_ThrowsNamingTheOrder()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await azurite.Orders.CreateIfNotExistsAsync(Cancellation);
        var completion = new OrderCompletion(azurite.TableService, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => completion.CompleteAsync(orderId, Cancellation));

        Assert.Contains(orderId, error.Message, StringComparison.Ordinal);
    }

    private async Task<string> PendingOrderAsync()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await azurite.Orders.CreateIfNotExistsAsync(Cancellation);
        var placedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await azurite.Orders.AddEntityAsync(
            new OrderEntity { PartitionKey = orderId, CustomerId = "customer-1", Currency = "EUR", PlacedAt = placedAt, UpdatedAt = placedAt },
            Cancellation);
        return orderId;
    }
}
