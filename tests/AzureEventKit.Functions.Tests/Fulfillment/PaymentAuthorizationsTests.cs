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
}
