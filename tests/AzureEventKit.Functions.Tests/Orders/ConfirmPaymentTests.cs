using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>
/// <c>POST /api/orders/{id}/payment-confirmation</c> against Azurite and a real in-process Durable backend whose
/// orchestration is the labelled stand-in of <see cref="StubFulfillmentHost"/>.
/// </summary>
public sealed class ConfirmPaymentTests(AzuriteFixture azurite, StubFulfillmentHost durable) : IClassFixture<StubFulfillmentHost>, IAsyncDisposable
{
    private const string ValidBody = """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR","items":[{"sku":"sku-beans","quantity":2}]}""";

    private readonly RecordingPublisher publisher = new();
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= AppServices.Build(azurite, publisher);

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not a valid id")]
    public async Task Run_UnknownOrder_Answers404Problem(string orderId)
    {
        var response = await ConfirmAsync(orderId, """{"paymentId":"pay-1"}""");

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Run_OrderWithoutSagaInstance_Answers409Problem()
    {
        var orderId = await PlaceAsync();

        var response = await ConfirmAsync(orderId, """{"paymentId":"pay-1"}""");

        response.AssertProblem(StatusCodes.Status409Conflict);
        Assert.Null(await durable.Client.GetInstanceAsync(orderId, Cancellation));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_SagaAwaitingPayment_Answers202AndRaisesPaymentConfirmed(bool declareLength)
    {
        var orderId = await PlaceAsync();
        await durable.Client.ScheduleNewOrchestrationInstanceAsync(AzureEventKit.Functions.Fulfillment.FulfillmentProtocol.OrchestrationName, (AzureEventKit.Contracts.OrderPlaced)Assert.Single(publisher.Published).Event, new Microsoft.DurableTask.StartOrchestrationOptions(orderId), Cancellation);
        await durable.WaitUntilAwaitingPaymentAsync(orderId, Cancellation);

        var response = await ConfirmAsync(orderId, """{"paymentId":"pay-77"}""", declareLength);

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var completed = await durable.Client.WaitForInstanceCompletionAsync(orderId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal("pay-77", completed.ReadOutputAs<string>());

        var again = await ConfirmAsync(orderId, """{"paymentId":"pay-77"}""");

        again.AssertProblem(StatusCodes.Status409Conflict);
    }

    [Theory]
    [InlineData("""{"paymentId": 5}""", "paymentId")]
    [InlineData("""{"paymentId": """, "body")]
    public async Task Run_BadBody_Answers400ProblemNamingField(string body, string field)
    {
        var orderId = await PlaceAsync();

        var response = await ConfirmAsync(orderId, body);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Contains(field, response.Errors.Keys);
    }

    private async Task<string> PlaceAsync()
    {
        var request = HttpExchange.Request("POST", "/api/orders", ValidBody);
        var response = await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);
        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        return response.Json.GetProperty("orderId").GetString()!;
    }

    private async Task<HttpResult> ConfirmAsync(string orderId, string body, bool declareLength = true)
    {
        var request = HttpExchange.Request("POST", $"/api/orders/{orderId}/payment-confirmation", body, declareLength: declareLength);
        return await HttpExchange.ExecuteAsync(await Services.Create<ConfirmPayment>().Run(request, orderId, durable.Client, Cancellation), request);
    }
}
