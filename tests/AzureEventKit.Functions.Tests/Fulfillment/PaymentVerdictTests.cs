using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Fulfillment.Steps;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// The saga acts on what the payment provider said, not on the fact that something was said: a declined verdict fails
/// the order and compensates, and a verdict about another payment is ignored. The payloads are raised as plain JSON
/// objects with the record's member names (Durable's serializer is case-sensitive), as anything that can raise the
/// event would put them on the wire.
/// </summary>
public sealed class PaymentVerdictTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RunAsync_ProviderDeclinesPayment_VoidsReleasesAndFailsPaymentDeclined()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, TimeSpan.FromSeconds(30));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var order = TestCatalogue.Order(sku, 3);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId,
            FulfillmentProtocol.PaymentConfirmedEvent,
            new { order.OrderId, PaymentId = "sim-pay-" + order.OrderId, ConfirmedAt = DateTimeOffset.UtcNow, Approved = false, DeclineReason = "insufficient funds" },
            Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        var outcome = instance.ReadOutputAs<FulfillmentOutcome>()!;
        Assert.Equal(OrderFailureReason.PaymentDeclined, outcome.FailureReason);
        Assert.Contains("insufficient funds", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(CreateShipment), host.Journal);
        Assert.Equal(OrderFailureReason.PaymentDeclined, Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]).Reason);
        Assert.Equal(10, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_VerdictForAnotherPayment_IgnoredUntilTheTimerFires()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, TimeSpan.FromSeconds(3));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var order = TestCatalogue.Order(sku, 1);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId,
            FulfillmentProtocol.PaymentConfirmedEvent,
            new { order.OrderId, PaymentId = "sim-pay-someone-else", ConfirmedAt = DateTimeOffset.UtcNow, Approved = true },
            Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.Equal(OrderFailureReason.PaymentTimeout, instance.ReadOutputAs<FulfillmentOutcome>()!.FailureReason);
        Assert.DoesNotContain(nameof(CreateShipment), host.Journal);
        Assert.Equal(10, await AvailableAsync(sku));
    }

    private async Task<int?> AvailableAsync(string sku)
    {
        var stock = await azurite.TableService.GetTableClient(InventoryTable.Name).GetEntityAsync<StockItemEntity>(InventoryTable.Partition, InventoryTable.StockRowKey(sku), cancellationToken: Cancellation);
        return stock.Value.Available;
    }
}
