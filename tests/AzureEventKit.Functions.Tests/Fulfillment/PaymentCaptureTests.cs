using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Fulfillment.Steps;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// The money flow on the Durable in-process host over Azurite: authorize before shipping, capture once the parcel is
/// booked, void before that point; every provider call carries a key derived from the order, so nothing is charged twice.
/// </summary>
public sealed class PaymentCaptureTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RunAsync_OrderCompleted_CapturesExactlyOnceWithTheOrdersKey()
    {
        var gateway = new SpyPaymentGateway();
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var order = TestCatalogue.Order(await TestCatalogue.StockAsync(azurite.TableService, 5), 1);

        var instance = await ConfirmAndCompleteAsync(host, order);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Contains((SpyPaymentGateway.Capture, order.OrderId + ":capture"), gateway.Calls);
        Assert.Contains((SpyPaymentGateway.Authorize, order.OrderId + ":authorize"), gateway.Calls);
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));
    }

    [Fact]
    public async Task RunAsync_CaptureAnswerLostTwice_RetriesWithTheSameKeyAndChargesOnce()
    {
        var gateway = new SpyPaymentGateway { CaptureAnswersLost = 2 };
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var order = TestCatalogue.Order(await TestCatalogue.StockAsync(azurite.TableService, 5), 1);

        var instance = await ConfirmAndCompleteAsync(host, order);

        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(3, gateway.Calls.Count(call => call == (SpyPaymentGateway.Capture, order.OrderId + ":capture")));
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(3, host.Journal.Count(name => name == nameof(CapturePayment)));
        Assert.Equal(PaymentEntity.CapturedStatus, (await PaymentAsync(order.OrderId)).Status);
    }

    /// <summary>Two deliveries of OrderPlaced racing past the starter's check restart the instance: still one capture.</summary>
    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_SameOrderTwice_CapturesOnce()
    {
        var gateway = new SpyPaymentGateway();
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var order = TestCatalogue.Order(await TestCatalogue.StockAsync(azurite.TableService, 5), 1);

        var instanceId = await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        if (await Record.ExceptionAsync(() => host.StartAsync(order)) is null)
        {
            await host.WaitForJournalAsync(nameof(AuthorizePayment), 2, Cancellation);
        }

        var instance = await ConfirmAndCompleteAsync(host, order, instanceId);

        Assert.True(instance.ReadOutputAs<FulfillmentOutcome>()!.IsCompleted);
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Authorize, order.OrderId));
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));
    }

    [Fact]
    public async Task RunAsync_PaymentDeclined_NeverCapturesNorVoids()
    {
        var gateway = new SpyPaymentGateway();
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var order = TestCatalogue.Order(
            await TestCatalogue.StockAsync(azurite.TableService, 5), 1, customerId: SimulatedPaymentGateway.DeclinedCustomerPrefix + "erin");

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        Assert.Equal(OrderFailureReason.PaymentDeclined, instance.ReadOutputAs<FulfillmentOutcome>()!.FailureReason);
        Assert.Equal(1, gateway.Charges(SpyPaymentGateway.Authorize, order.OrderId));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));
    }

    [Fact]
    public async Task RunAsync_PaymentTimesOut_VoidsAndNeverCaptures()
    {
        var gateway = new SpyPaymentGateway();
        await using var host = await FulfillmentTestHost.StartAsync(azurite, ShortWait, services => services.AddSingleton<IPaymentGateway>(gateway));
        var order = TestCatalogue.Order(await TestCatalogue.StockAsync(azurite.TableService, 5), 1);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        Assert.Equal(OrderFailureReason.PaymentTimeout, instance.ReadOutputAs<FulfillmentOutcome>()!.FailureReason);
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Contains((SpyPaymentGateway.Void, order.OrderId + ":void"), gateway.Calls);
    }

    /// <summary>Item 3: the provider approved, then Tables went down before the approval was recorded.</summary>
    [Fact]
    public async Task RunAsync_ApprovedButPaymentsTableRefusesWrites_VoidsTheHoldByTheAttemptsKey()
    {
        var gateway = new SpyPaymentGateway();
        var outage = new PaymentsWriteOutage();
        gateway.AfterApproval = outage.Start;
        await using var host = await FulfillmentTestHost.StartAsync(azurite, LongWait, services =>
        {
            services.AddSingleton<IPaymentGateway>(gateway);
            services.AddSingleton(PaymentsWriteOutage.Client(azurite.ConnectionString, outage));
        });
        var sku = await TestCatalogue.StockAsync(azurite.TableService, 5);
        var order = TestCatalogue.Order(sku, 2);

        var instance = await host.WaitForCompletionAsync(await host.StartAsync(order), Cancellation);

        Assert.True(outage.RefusedWrites > 0);
        var failed = Assert.IsType<OrderFailed>(host.Publisher.EventsFor(order.OrderId)[^1]);
        Assert.Equal(OrderFailureReason.RetriesExhausted, failed.Reason);
        Assert.Contains((SpyPaymentGateway.Void, order.OrderId + ":void"), gateway.Calls);
        Assert.All(gateway.VoidedAuthorizations, key => Assert.Equal(order.OrderId + ":authorize", key));
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
        Assert.Equal(PaymentEntity.AuthorizingStatus, (await PaymentAsync(order.OrderId)).Status);

        // The void reached the provider, but recording it failed too: the instance ends Failed for an operator.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains(nameof(VoidPayment), instance.FailureDetails!.ErrorMessage);
    }

    private async Task<OrchestrationMetadata> ConfirmAndCompleteAsync(FulfillmentTestHost host, OrderPlaced order, string? startedInstanceId = null)
    {
        var instanceId = startedInstanceId ?? await host.StartAsync(order);
        await host.WaitForCustomStatusAsync(instanceId, FulfillmentProtocol.AwaitingPaymentStatus, Cancellation);
        await host.Client.RaiseEventAsync(
            instanceId, FulfillmentProtocol.PaymentConfirmedEvent, new PaymentConfirmed(order.OrderId, "sim-pay-" + order.OrderId, DateTimeOffset.UtcNow), Cancellation);
        return await host.WaitForCompletionAsync(instanceId, Cancellation);
    }

    private async Task<PaymentEntity> PaymentAsync(string orderId) =>
        (await azurite.TableService.GetTableClient(PaymentEntity.Table).GetEntityAsync<PaymentEntity>(orderId, PaymentEntity.Row, cancellationToken: Cancellation)).Value;
}
