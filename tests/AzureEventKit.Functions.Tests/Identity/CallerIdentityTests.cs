using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Identity;

/// <summary>
/// Who may call what, through the real functions against Azurite: customers are the signed-in caller of
/// <c>X-MS-CLIENT-PRINCIPAL</c>, own the orders they place, and see nobody else's; the dead-letter API is for operators.
/// </summary>
public sealed class CallerIdentityTests(AzuriteFixture azurite) : IAsyncDisposable
{
    // customerId in the body is what older clients sent; the app ignores it (the caller is the customer).
    private const string Body = """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR","items":[{"sku":"sku-beans","quantity":2}]}""";

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

    [Fact]
    public async Task PlaceOrder_NoPrincipal_Answers401ProblemAndWritesNothing()
    {
        var response = await PlaceAsync(Body, caller: null);

        response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Empty(publisher.Published);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("eyJub3QiOiJhIHByaW5jaXBhbCJ9")] // {"not":"a principal"}
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: no object id
    public async Task PlaceOrder_UnusablePrincipal_Answers401Problem(string header)
    {
        var request = HttpExchange.Request("POST", "/api/orders", Body, new Dictionary<string, string> { [TestCallers.HeaderName] = header }, caller: null);

        var response = await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);

        response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task PlaceOrder_BodyNamesAnotherCustomer_OrderBelongsToTheCaller()
    {
        var spoofed = Body.Replace("\"customer-1\"", "\"victim\"", StringComparison.Ordinal);

        var response = await PlaceAsync(spoofed, caller: "caller-7");

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var orderId = response.Json.GetProperty("orderId").GetString()!;
        var requestRow = Assert.Single(await azurite.OrderPartitionAsync(orderId, Cancellation), row => row.RowKey == OrderTables.RequestRowKey);
        Assert.Equal("caller-7", requestRow.GetString(nameof(OrderRequestEntity.CustomerId)));
        Assert.Equal("caller-7", ((AzureEventKit.Contracts.OrderPlaced)Assert.Single(publisher.Published).Event).CustomerId);
    }

    [Fact]
    public async Task GetOrder_OwnOrder_Answers200()
    {
        var orderId = await PlacedOrderIdAsync(TestCallers.Customer);

        var response = await GetAsync(orderId, TestCallers.Customer);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal(TestCallers.Customer, response.Json.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task GetOrder_AnotherCallersOrder_Answers404LikeAnUnknownOrder()
    {
        var orderId = await PlacedOrderIdAsync(TestCallers.Customer);

        var response = await GetAsync(orderId, TestCallers.OtherCustomer);

        response.AssertProblem(StatusCodes.Status404NotFound);
        Assert.DoesNotContain(TestCallers.Customer, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOrder_NoPrincipal_Answers401Problem()
    {
        var orderId = await PlacedOrderIdAsync(TestCallers.Customer);

        var response = await GetAsync(orderId, caller: null);

        response.AssertProblem(StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public async Task SameIdempotencyKey_TwoCallers_TwoSeparateOrders()
    {
        var key = Guid.NewGuid().ToString();

        var first = await PlaceAsync(Body, TestCallers.Customer, key);
        var second = await PlaceAsync(Body, TestCallers.OtherCustomer, key);

        Assert.Equal(StatusCodes.Status202Accepted, first.Status);
        Assert.Equal(StatusCodes.Status202Accepted, second.Status);
        Assert.NotEqual(first.Json.GetProperty("orderId").GetString(), second.Json.GetProperty("orderId").GetString());
    }

    [Theory]
    [InlineData(null, StatusCodes.Status401Unauthorized)]
    [InlineData(TestCallers.Customer, StatusCodes.Status403Forbidden)]
    public async Task ListDeadLetters_NotAnOperator_AnswersProblem(string? caller, int status)
    {
        var request = HttpExchange.Request("GET", "/api/dead-letters", caller: caller);

        var response = await HttpExchange.ExecuteAsync(await Services.Create<DeadLetterApi>().List(request, Cancellation), request);

        response.AssertProblem(status);
    }

    [Fact]
    public async Task ReplayDeadLetter_CustomerCaller_Answers403Problem()
    {
        var request = HttpExchange.Request("POST", "/api/dead-letters/orders.fulfillment.1/replay", caller: TestCallers.Customer);

        var response = await HttpExchange.ExecuteAsync(await Services.Create<DeadLetterApi>().Replay(request, "orders.fulfillment.1", Cancellation), request);

        response.AssertProblem(StatusCodes.Status403Forbidden);
    }

    private async Task<string> PlacedOrderIdAsync(string caller)
    {
        var response = await PlaceAsync(Body, caller);
        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        return response.Json.GetProperty("orderId").GetString()!;
    }

    private async Task<HttpResult> PlaceAsync(string body, string? caller, string? idempotencyKey = null)
    {
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { [PlaceOrder.IdempotencyKeyHeader] = idempotencyKey };
        var request = HttpExchange.Request("POST", "/api/orders", body, headers, caller: caller);
        return await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);
    }

    private async Task<HttpResult> GetAsync(string orderId, string? caller)
    {
        var request = HttpExchange.Request("GET", $"/api/orders/{orderId}", caller: caller);
        return await HttpExchange.ExecuteAsync(await Services.Create<GetOrder>().Run(request, orderId, Cancellation), request);
    }
}
