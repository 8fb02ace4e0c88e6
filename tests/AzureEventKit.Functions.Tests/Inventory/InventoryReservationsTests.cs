using AzureEventKit.Contracts;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Tests.Fulfillment;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.Inventory;

/// <summary>Optimistic concurrency and idempotency of the Inventory table, against real Azurite.</summary>
public sealed class InventoryReservationsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly InventoryReservations reservations =
        new(azurite.TableService, TimeProvider.System, NullLogger<InventoryReservations>.Instance);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ReserveAsync_TwentyConcurrentOrdersForLastFiveUnits_ExactlyFiveSucceed()
    {
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var orders = Enumerable.Range(0, 20).Select(_ => TestCatalogue.NewOrderId()).ToList();

        var outcomes = await Task.WhenAll(orders.Select(orderId =>
            Task.Run(() => reservations.ReserveAsync(orderId, [new OrderLine(sku, 1, 10m)], Cancellation), Cancellation)));

        Assert.Equal(5, outcomes.Count(outcome => outcome.IsReserved));
        Assert.All(outcomes.Where(outcome => !outcome.IsReserved), outcome => Assert.Equal([sku], outcome.ShortSkus));
        Assert.Equal(0, await reservations.GetAvailableAsync(sku, Cancellation));
    }

    [Fact]
    public async Task ReleaseAsync_AfterReservation_RestoresExactlyWhatWasReserved()
    {
        var beans = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var mugs = await TestCatalogue.StockAsync(azurite.TableService, 4);
        var orderId = TestCatalogue.NewOrderId();
        await reservations.ReserveAsync(orderId, [new OrderLine(beans, 3, 18m), new OrderLine(mugs, 1, 9m), new OrderLine(beans, 2, 18m)], Cancellation);
        Assert.Equal(5, await reservations.GetAvailableAsync(beans, Cancellation));
        Assert.Equal(3, await reservations.GetAvailableAsync(mugs, Cancellation));

        var released = await reservations.ReleaseAsync(orderId, Cancellation);
        var releasedAgain = await reservations.ReleaseAsync(orderId, Cancellation);

        Assert.True(released);
        Assert.False(releasedAgain);
        Assert.Equal(10, await reservations.GetAvailableAsync(beans, Cancellation));
        Assert.Equal(4, await reservations.GetAvailableAsync(mugs, Cancellation));
    }

    [Fact]
    public async Task ReserveAsync_SameOrderTwiceConcurrently_TakesStockOnce()
    {
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var orderId = TestCatalogue.NewOrderId();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => reservations.ReserveAsync(orderId, [new OrderLine(sku, 4, 1m)], Cancellation), Cancellation)));

        Assert.All(outcomes, outcome => Assert.True(outcome.IsReserved));
        Assert.Single(outcomes.Select(outcome => outcome.ReservedAt).Distinct());
        Assert.Equal(6, await reservations.GetAvailableAsync(sku, Cancellation));
    }

    [Fact]
    public async Task ReleaseAsync_OrderThatReservedNothing_ChangesNoStock()
    {
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 1);
        var orderId = TestCatalogue.NewOrderId();
        var shortage = await reservations.ReserveAsync(orderId, [new OrderLine(sku, 2, 1m)], Cancellation);

        var released = await reservations.ReleaseAsync(orderId, Cancellation);

        Assert.False(shortage.IsReserved);
        Assert.False(released);
        Assert.Equal(1, await reservations.GetAvailableAsync(sku, Cancellation));
    }

    [Fact]
    public async Task ReserveAsync_OneLineShort_ReservesNoLine()
    {
        var plenty = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var scarce = await TestCatalogue.StockAsync(azurite.TableService, 1);
        var unknown = TestCatalogue.NewSku();

        var outcome = await reservations.ReserveAsync(
            TestCatalogue.NewOrderId(), [new OrderLine(plenty, 2, 1m), new OrderLine(scarce, 2, 1m), new OrderLine(unknown, 1, 1m)], Cancellation);

        Assert.False(outcome.IsReserved);
        Assert.Equal(new[] { scarce, unknown }.Order(StringComparer.Ordinal), outcome.ShortSkus.Order(StringComparer.Ordinal));
        Assert.Equal(10, await reservations.GetAvailableAsync(plenty, Cancellation));
        Assert.Equal(1, await reservations.GetAvailableAsync(scarce, Cancellation));
    }

    [Fact]
    public async Task ReserveAsync_MoreSkusThanOneTransactionHolds_ThrowsBeforeWriting()
    {
        var lines = Enumerable.Range(0, InventoryTable.MaxSkusPerOrder + 1).Select(_ => new OrderLine(TestCatalogue.NewSku(), 1, 1m)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => reservations.ReserveAsync(TestCatalogue.NewOrderId(), lines, Cancellation));
    }
}
