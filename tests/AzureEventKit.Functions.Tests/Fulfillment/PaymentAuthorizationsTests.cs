using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>The payment record keeps retries from asking the provider twice, against real Azurite.</summary>
public sealed class PaymentAuthorizationsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AuthorizeAsync_CalledTwice_AsksTheProviderOnce()
    {
        var gateway = new FlakyPaymentGateway(failures: 0);
        var payments = new PaymentAuthorizations(azurite.TableService, gateway, TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1);

        var first = await payments.AuthorizeAsync(order, Cancellation);
        var second = await payments.AuthorizeAsync(order, Cancellation);

        Assert.Equal(first, second);
        Assert.True(first.IsAuthorized);
        Assert.Equal(1, gateway.Attempts);
    }

    [Fact]
    public async Task VoidAsync_AuthorizedPayment_VoidsOnceAndOnlyOnce()
    {
        var payments = new PaymentAuthorizations(azurite.TableService, new SimulatedPaymentGateway(), TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1);
        await payments.AuthorizeAsync(order, Cancellation);

        var voided = await payments.VoidAsync(order.OrderId, Cancellation);
        var voidedAgain = await payments.VoidAsync(order.OrderId, Cancellation);

        Assert.True(voided);
        Assert.False(voidedAgain);
    }

    [Fact]
    public async Task VoidAsync_DeclinedPayment_HasNothingToVoid()
    {
        var payments = new PaymentAuthorizations(azurite.TableService, new SimulatedPaymentGateway(), TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1, customerId: "declined-carol");
        var declined = await payments.AuthorizeAsync(order, Cancellation);

        var voided = await payments.VoidAsync(order.OrderId, Cancellation);

        Assert.False(declined.IsAuthorized);
        Assert.False(voided);
    }

    [Fact]
    public async Task AuthorizeAsync_BeforeAskingTheProvider_RecordsTheAttemptWithItsKey()
    {
        PaymentEntity? seenByProvider = null;
        var gateway = new SpyPaymentGateway();
        var payments = new PaymentAuthorizations(azurite.TableService, gateway, TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1);
        gateway.AfterApproval = () => seenByProvider = azurite.TableService.GetTableClient(PaymentEntity.Table)
            .GetEntity<PaymentEntity>(order.OrderId, PaymentEntity.Row, cancellationToken: Cancellation).Value;

        await payments.AuthorizeAsync(order, Cancellation);

        Assert.Equal(PaymentEntity.AuthorizingStatus, seenByProvider!.Status);
        Assert.Equal(order.OrderId + ":authorize", seenByProvider.AuthorizationKey);
        Assert.Equal([(SpyPaymentGateway.Authorize, order.OrderId + ":authorize")], gateway.Calls);
    }

    [Fact]
    public async Task CaptureAsync_DeclinedPayment_ThrowsAndAsksNobody()
    {
        var gateway = new SpyPaymentGateway();
        var payments = new PaymentAuthorizations(azurite.TableService, gateway, TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1, customerId: "declined-frank");
        await payments.AuthorizeAsync(order, Cancellation);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => payments.CaptureAsync(order.OrderId, Cancellation));

        Assert.Contains(PaymentEntity.DeclinedStatus, refused.Message);
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Capture, order.OrderId));
    }

    [Fact]
    public async Task CaptureAsync_CalledTwice_CapturesOnceAndCannotBeVoidedAfterwards()
    {
        var gateway = new SpyPaymentGateway();
        var payments = new PaymentAuthorizations(azurite.TableService, gateway, TimeProvider.System);
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1);
        await payments.AuthorizeAsync(order, Cancellation);

        var first = await payments.CaptureAsync(order.OrderId, Cancellation);
        var second = await payments.CaptureAsync(order.OrderId, Cancellation);
        var voided = await payments.VoidAsync(order.OrderId, Cancellation);

        Assert.Equal(first, second);
        Assert.Single(gateway.Calls, call => call.Operation == SpyPaymentGateway.Capture);
        Assert.False(voided);
        Assert.Equal(0, gateway.Charges(SpyPaymentGateway.Void, order.OrderId));
    }
}
