using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Fulfillment.Steps;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>Booking the shipment is the pivot: after it, nothing is voided or released, and a stuck step needs an operator.</summary>
public sealed class ShipmentPivotTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RunAsync_ShipmentCreatedKeepsFailingToPublish_NeedsAttentionWithoutCompensationUntilResumed()
    {
        var gateway = new SpyPaymentGateway();
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        using var attentionCounter = new CounterRecorder(host.Services.GetRequiredService<OrderWorkflowTelemetry>().OrdersNeedingAttention);
        host.Publisher.FailWhen = orderEvent => orderEvent is ShipmentCreated;
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 2);

        var instanceId = await ConfirmAsync(host, order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.NeedsAttentionStatus, Cancellation);

        // The saga takes the status before it announces it, so that a Resume is accepted as soon as the read model shows it.
        await host.WaitForPublishedAsync<OrderNeedsAttention>(order.OrderId, Cancellation);

        Assert.DoesNotContain(host.Journal, name => name is nameof(VoidPayment) or nameof(ReleaseInventory));
        Assert.DoesNotContain(host.Publisher.EventsFor(order.OrderId), published => published is OrderFailed or OrderCompleted);
        var attention = Assert.Single(host.Publisher.EventsFor(order.OrderId).OfType<OrderNeedsAttention>());
        Assert.Equal(nameof(AnnounceShipment), attention.Step);
        Assert.Equal([nameof(AnnounceShipment)], attentionCounter.TagValues("step"));
        Assert.Equal(3, await AvailableAsync(sku));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));

        // The bus recovers; the operator's replay runs the remaining steps.
        host.Publisher.FailWhen = null;
        await host.Client.RaiseEventAsync(instanceId, FulfillmentProtocol.ResumeEvent, eventPayload: null, Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(
            [typeof(InventoryReserved), typeof(PaymentAuthorized), typeof(OrderNeedsAttention), typeof(ShipmentCreated), typeof(OrderCompleted)],
            host.Publisher.EventsFor(order.OrderId).Select(published => published.GetType()));
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(3, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_CaptureKeepsFailing_NeedsAttentionThenResumeCapturesOnce()
    {
        var gateway = new SpyPaymentGateway { CaptureUnavailable = true };
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 1);

        var instanceId = await ConfirmAsync(host, order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.NeedsAttentionStatus, Cancellation);

        // The saga takes the status before it announces it, so that a Resume is accepted as soon as the read model shows it.
        await host.WaitForPublishedAsync<OrderNeedsAttention>(order.OrderId, Cancellation);

        Assert.Equal(nameof(CapturePayment), Assert.Single(host.Publisher.EventsFor(order.OrderId).OfType<OrderNeedsAttention>()).Step);
        Assert.DoesNotContain(host.Journal, name => name is nameof(VoidPayment) or nameof(ReleaseInventory) or nameof(AnnounceShipment));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));

        gateway.CaptureUnavailable = false;
        await host.Client.RaiseEventAsync(instanceId, FulfillmentProtocol.ResumeEvent, eventPayload: null, Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));
        Assert.Equal(4, await AvailableAsync(sku));
    }

    private async Task<string> ConfirmAsync(FulfillmentTestHost host, OrderPlaced order)
    {
        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId, FulfillmentProtocol.PaymentConfirmedEvent, new PaymentConfirmed(order.OrderId, "sim-pay-" + order.OrderId, DateTimeOffset.UtcNow), Cancellation);
        return instanceId;
    }

    private async Task<int?> AvailableAsync(string sku)
    {
        var item = await azurite.TableService.GetTableClient(InventoryTable.Name)
            .GetEntityIfExistsAsync<StockItemEntity>(InventoryTable.Partition, InventoryTable.StockRowKey(sku), cancellationToken: Cancellation);
        return item.HasValue ? item.Value!.Available : null;
    }
}
