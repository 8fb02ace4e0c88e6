using AzureEventKit.Functions.Payments;

namespace AzureEventKit.Functions.Tests.Fulfillment;

public sealed class SimulatedPaymentGatewayTests
{
    private readonly SimulatedPaymentGateway gateway = new();

    [Theory]
    [InlineData("declined-bob", 10)]
    [InlineData("DECLINED-eve", 10)]
    [InlineData("cust-alice", 5_000.01)]
    public async Task AuthorizeAsync_DeclineRuleMatches_Declines(string customerId, decimal amount)
    {
        var response = await gateway.AuthorizeAsync(new PaymentAuthorizationRequest("ord-1:authorize", "ord-1", customerId, amount, "EUR"), TestContext.Current.CancellationToken);

        Assert.False(response.IsApproved);
        Assert.Null(response.PaymentId);
        Assert.NotEmpty(response.DeclineReason!);
    }

    [Theory]
    [InlineData("cust-alice", 5_000)]
    [InlineData("customer-declined-later", 1)]
    public async Task AuthorizeAsync_NoRuleMatches_ApprovesWithIdFromOrderReference(string customerId, decimal amount)
    {
        var response = await gateway.AuthorizeAsync(new PaymentAuthorizationRequest("ord-42:authorize", "ord-42", customerId, amount, "EUR"), TestContext.Current.CancellationToken);

        Assert.True(response.IsApproved);
        Assert.Equal("sim-pay-ord-42", response.PaymentId);
    }
}
