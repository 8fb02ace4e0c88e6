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

public sealed class OrderFulfillmentOrchestratorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RunAsync_PaymentConfirmed_ReservesPaysShipsAndPublishesOrderCompleted()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait);
        using var completedCounter = new CounterRecorder(host.Services.GetRequiredService<OrderWorkflowTelemetry>().OrdersCompleted);
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var order = TestCatalogue.Order(sku, 2);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId, FulfillmentProtocol.PaymentConfirmedEvent, new PaymentConfirmed(order.OrderId, "sim-pay-" + order.OrderId, DateTimeOffset.UtcNow), Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(1, completedCounter.Total);
        Assert.Equal(
            [typeof(InventoryReserved), typeof(PaymentAuthorized), typeof(ShipmentCreated), typeof(OrderCompleted)],
            host.Publisher.EventsFor(order.OrderId).Select(published => published.GetType()));
        Assert.Equal(
            [
                FulfillmentEventIds.InventoryReserved(order.OrderId), FulfillmentEventIds.PaymentAuthorized(order.OrderId),
                FulfillmentEventIds.ShipmentCreated(order.OrderId), FulfillmentEventIds.OrderCompleted(order.OrderId),
            ],
            host.Publisher.EventIdsFor(order.OrderId));
        var completed = Assert.IsType<OrderCompleted>(host.Publisher.EventsFor(order.OrderId)[^1]);
        Assert.Equal("sim-pay-" + order.OrderId, completed.PaymentId);
        Assert.Equal(8, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_PaymentNotConfirmedInTime_VoidsThenReleasesAndPublishesPaymentTimeout()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, ShortWait);
        var telemetry = host.Services.GetRequiredService<OrderWorkflowTelemetry>();
        using var compensationCounter = new CounterRecorder(telemetry.Compensations);
        using var failedCounter = new CounterRecorder(telemetry.OrdersFailed);
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var order = TestCatalogue.Order(sku, 4);

        var instanceId = await host.StartAsync(order);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        var outcome = instance.ReadOutputAs<FulfillmentOutcome>()!;
        Assert.Equal(OrderFailureReason.PaymentTimeout, outcome.FailureReason);
        Assert.Equal([nameof(VoidPayment), nameof(ReleaseInventory)], Compensations(host));
        var failed = Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]);
        Assert.Equal(OrderFailureReason.PaymentTimeout, failed.Reason);
        Assert.Equal(FulfillmentEventIds.OrderFailed(order.OrderId), host.Publisher.EventIdsFor(order.OrderId)[^1]);
        Assert.Equal(10, await AvailableAsync(sku));
        Assert.Equal(PaymentEntity.VoidedStatus, (await PaymentAsync(order.OrderId)).Status);
        Assert.Equal(["void-payment", "release-inventory"], compensationCounter.TagValues("action"));
        Assert.Equal([nameof(OrderFailureReason.PaymentTimeout)], failedCounter.TagValues("reason"));
    }

    [Fact]
    public async Task RunAsync_NotEnoughStock_FailsOutOfStockWithoutTouchingPayment()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait);
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 1);
        var order = TestCatalogue.Order(sku, 3);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        var outcome = instance.ReadOutputAs<FulfillmentOutcome>()!;
        Assert.Equal(OrderFailureReason.OutOfStock, outcome.FailureReason);
        Assert.Contains(sku, outcome.Detail);
        Assert.DoesNotContain(nameof(AuthorizePayment), host.Journal);
        Assert.Empty(Compensations(host));
        var failed = Assert.IsType<OrderFailed>(Assert.Single(host.Publisher.EventsFor(order.OrderId)));
        Assert.Equal(OrderFailureReason.OutOfStock, failed.Reason);
        Assert.Equal(1, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_PaymentDeclined_ReleasesStockAndPublishesPaymentDeclined()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait);
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 2, customerId: SimulatedPaymentGateway.DeclinedCustomerPrefix + "bob");

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        Assert.Equal(OrderFailureReason.PaymentDeclined, instance.ReadOutputAs<FulfillmentOutcome>()!.FailureReason);
        Assert.Equal([nameof(ReleaseInventory)], Compensations(host));
        Assert.Equal(
            [typeof(InventoryReserved), typeof(OrderFailed)],
            host.Publisher.EventsFor(order.OrderId).Select(published => published.GetType()));
        Assert.Equal(OrderFailureReason.PaymentDeclined, Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]).Reason);
        Assert.Equal(5, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_GatewayFailsTwiceThenRecovers_RetriesAndCompletes()
    {
        var gateway = new FlakyPaymentGateway(failures: 2);
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 3);
        var order = TestCatalogue.Order(sku, 1);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId, FulfillmentProtocol.PaymentConfirmedEvent, new PaymentConfirmed(order.OrderId, "sim-pay-" + order.OrderId, DateTimeOffset.UtcNow), Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(3, gateway.Attempts);
        Assert.Equal(3, host.Journal.Count(name => name == nameof(AuthorizePayment)));
        Assert.Single(host.Publisher.EventsFor(order.OrderId).OfType<PaymentAuthorized>());
        Assert.Equal(2, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_GatewayKeepsFailing_ReleasesStockAndPublishesRetriesExhausted()
    {
        var gateway = new FlakyPaymentGateway(failures: int.MaxValue);
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 3);
        var order = TestCatalogue.Order(sku, 3);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        var outcome = instance.ReadOutputAs<FulfillmentOutcome>()!;
        Assert.Equal(OrderFailureReason.RetriesExhausted, outcome.FailureReason);
        Assert.Contains(nameof(AuthorizePayment), outcome.Detail);
        Assert.Equal(3, gateway.Attempts);
        Assert.Equal([nameof(VoidPayment), nameof(ReleaseInventory)], Compensations(host));
        Assert.Equal(3, await AvailableAsync(sku));
    }

    [Fact]
    public async Task RunAsync_StepThrowsWithInternalDetail_OrderFailedCarriesOnlyTheCustomerMessage()
    {
        const string Marker = "INTERNAL-MARKER-7f3a";
        await using var host = await FulfillmentTestHost.StartAsync(
            azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(new ThrowingPaymentGateway(Marker)));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 3);
        var order = TestCatalogue.Order(sku, 1);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        // Operators still see the cause in the orchestration's output; the event customers read does not carry it.
        Assert.Contains(Marker, instance.ReadOutputAs<FulfillmentOutcome>()!.Detail);
        var failed = Assert.Single(host.Publisher.EventsFor(order.OrderId).OfType<OrderFailed>());
        Assert.DoesNotContain(Marker, failed.Detail);
        Assert.Equal(OrderFailureReason.RetriesExhausted.CustomerMessage(), failed.Detail);
    }

    [Fact]
    public async Task RunAsync_ReservedButAnnouncementKeepsFailing_ReleasesTheReservedStock()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait);
        host.Publisher.FailWhen = orderEvent => orderEvent is InventoryReserved;
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 2);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        var outcome = instance.ReadOutputAs<FulfillmentOutcome>()!;
        Assert.Equal(OrderFailureReason.RetriesExhausted, outcome.FailureReason);
        Assert.Contains(nameof(ReserveInventory), outcome.Detail);
        Assert.Equal([nameof(ReleaseInventory)], Compensations(host));
        Assert.Equal(5, await AvailableAsync(sku));
        Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]);
    }

    [Fact]
    public async Task RunAsync_CompensationKeepsFailing_PublishesOrderFailedAndEndsAsFailed()
    {
        await using var host = await FulfillmentTestHost.StartAsync(
            azurite, LongWait, services => services.AddSingleton<InventoryReservations>(new UnreleasableInventory(azurite.TableService)));
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 2, customerId: SimulatedPaymentGateway.DeclinedCustomerPrefix + "dave");

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains(nameof(ReleaseInventory), instance.FailureDetails!.ErrorMessage);
        Assert.Equal(3, host.Journal.Count(name => name == nameof(ReleaseInventory)));
        Assert.Equal(OrderFailureReason.PaymentDeclined, Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]).Reason);
        Assert.Equal(3, await AvailableAsync(sku));
    }

    /// <summary>
    /// The starter looks for an existing instance first; this covers two deliveries racing past that check. The
    /// in-memory backend then restarts the instance, and the saga's steps must still take stock and money only once.
    /// </summary>
    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_SameOrderTwice_TakesStockAndPaymentOnce()
    {
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait);
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 10);
        var order = TestCatalogue.Order(sku, 2);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        var duplicate = await Record.ExceptionAsync(() => host.StartAsync(order));
        if (duplicate is null)
        {
            await host.WaitForJournalAsync(nameof(AuthorizePayment), 2, Cancellation);
            await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        }

        await host.Client.RaiseEventAsync(
            instanceId, FulfillmentProtocol.PaymentConfirmedEvent, new PaymentConfirmed(order.OrderId, "sim-pay-" + order.OrderId, DateTimeOffset.UtcNow), Cancellation);
        var instance = await host.WaitForCompletionAsync(instanceId, Cancellation);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(8, await AvailableAsync(sku));
        Assert.Equal(PaymentEntity.CapturedStatus, (await PaymentAsync(order.OrderId)).Status);
        var ids = host.Publisher.EventIdsFor(order.OrderId);
        Assert.Single(ids.Distinct(), id => id == FulfillmentEventIds.InventoryReserved(order.OrderId));
        Assert.Single(ids.Distinct(), id => id == FulfillmentEventIds.PaymentAuthorized(order.OrderId));
        Assert.Single(ids, id => id == FulfillmentEventIds.OrderCompleted(order.OrderId));
    }

    private static IReadOnlyList<string> Compensations(FulfillmentTestHost host) =>
        [.. host.Journal.Where(name => name is nameof(VoidPayment) or nameof(ReleaseInventory))];

    private async Task<int?> AvailableAsync(string sku)
    {
        var item = await azurite.TableService.GetTableClient(InventoryTable.Name)
            .GetEntityIfExistsAsync<StockItemEntity>(InventoryTable.Partition, InventoryTable.StockRowKey(sku), cancellationToken: Cancellation);
        return item.HasValue ? item.Value!.Available : null;
    }

    private async Task<PaymentEntity> PaymentAsync(string orderId) =>
        (await azurite.TableService.GetTableClient(PaymentEntity.Table).GetEntityAsync<PaymentEntity>(orderId, PaymentEntity.Row, cancellationToken: Cancellation)).Value;
}
