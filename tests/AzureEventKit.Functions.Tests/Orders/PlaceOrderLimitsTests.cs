using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Orders;
#if (minimal)
using AzureEventKit.Functions.Fulfillment;
#else
using AzureEventKit.Functions.Projections;
#endif
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>
/// Stock hoarding is bounded at the door: a quantity limit per line and per order (422), and a limit on open (unpaid)
/// orders per customer (429 with Retry-After). Against Azurite with a recording publisher.
/// </summary>
public sealed class PlaceOrderLimitsTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const int PerLine = 5;
    private const int PerOrder = 8;
    private const int OpenOrders = 2;

    private readonly RecordingPublisher publisher = new();
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= AppServices.Build(azurite, publisher, settings: new Dictionary<string, string?>
    {
        ["Orders:Limits:MaxQuantityPerLine"] = PerLine.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orders:Limits:MaxQuantityPerOrder"] = PerOrder.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orders:Limits:MaxOpenOrdersPerCustomer"] = OpenOrders.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orders:Limits:OpenOrdersRetryAfter"] = "00:00:30",
    });

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_LineAboveQuantityLimit_Answers422NamingThatLinesQuantity()
    {
        var response = await PostAsync(NewCustomer(), Line(TestPrices.Beans, 1), Line(TestPrices.Mug, PerLine + 1));

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal(["items[1].quantity"], response.Errors.Keys);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task Run_OrderAboveQuantityLimit_Answers422NamingItems()
    {
        var response = await PostAsync(NewCustomer(), Line(TestPrices.Beans, PerLine), Line(TestPrices.Mug, PerOrder - PerLine + 1));

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal(["items"], response.Errors.Keys);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task Run_CustomerAtOpenOrderLimit_Answers429WithRetryAfterAndWritesNothing()
    {
        var hoarder = NewCustomer();
        for (var i = 0; i < OpenOrders; i++)
        {
            Assert.Equal(StatusCodes.Status202Accepted, (await PostAsync(hoarder, Line(TestPrices.Beans, PerLine))).Status);
        }

        var refused = await PostAsync(hoarder, Line(TestPrices.Beans, 1));

        refused.AssertProblem(StatusCodes.Status429TooManyRequests);
        Assert.Equal("30", refused.RetryAfter);
        Assert.Equal(OpenOrders, publisher.Published.Count);
    }

    [Fact]
    public async Task Run_OneCustomerAtOpenOrderLimit_AnotherCustomerIsStillAccepted()
    {
        var hoarder = NewCustomer();
        for (var i = 0; i < OpenOrders; i++)
        {
            await PostAsync(hoarder, Line(TestPrices.Beans, 1));
        }

        var other = await PostAsync(NewCustomer(), Line(TestPrices.Beans, 1));

        Assert.Equal(StatusCodes.Status202Accepted, other.Status);
    }

    [Theory]
#if (!minimal)
    [InlineData(nameof(OrderStatus.Shipped))]
    [InlineData(nameof(OrderStatus.Failed))]
#endif
    [InlineData(nameof(OrderStatus.Completed))]
    public async Task Run_OneOfTheOpenOrdersIsPaidOrFailed_FreesItsPlace(string status)
    {
        var customer = NewCustomer();
        var first = (await PostAsync(customer, Line(TestPrices.Beans, 1))).Json.GetProperty("orderId").GetString()!;
        await PostAsync(customer, Line(TestPrices.Beans, 1));
        // The projector owns the summary row; here it stands in for the projector having seen the order move on.
        await azurite.Orders.UpsertEntityAsync(
            new TableEntity(first, OrderTables.SummaryRowKey) { [nameof(OrderSummaryEntity.Status)] = status }, TableUpdateMode.Merge, Cancellation);

        var third = await PostAsync(customer, Line(TestPrices.Beans, 1));

        Assert.Equal(StatusCodes.Status202Accepted, third.Status);
    }

    [Fact]
    public async Task Run_RetryWithIdempotencyKeyWhileAtLimit_ReturnsTheSameOrder()
    {
        var customer = NewCustomer();
        var key = Guid.NewGuid().ToString();
        var first = await PostWithKeyAsync(customer, key, Line(TestPrices.Beans, 1));
        await PostAsync(customer, Line(TestPrices.Beans, 1));

        var retry = await PostWithKeyAsync(customer, key, Line(TestPrices.Beans, 1));

        Assert.Equal(StatusCodes.Status202Accepted, retry.Status);
        Assert.Equal(first.Json.GetProperty("orderId").GetString(), retry.Json.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task Run_OneCustomerPlacesConcurrently_NoMoreThanTheLimitAccepted()
    {
        var customer = NewCustomer();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(customer, Line(TestPrices.Beans, 1))));

        Assert.Equal(OpenOrders, responses.Count(response => response.Status == StatusCodes.Status202Accepted));
        Assert.All(responses.Where(response => response.Status != StatusCodes.Status202Accepted), response => response.AssertProblem(StatusCodes.Status429TooManyRequests));
        Assert.Equal(OpenOrders, publisher.Published.Count);
    }

    private static string NewCustomer() => "hoarder-" + Guid.NewGuid().ToString("N")[..12];

    private static string Line(string sku, int quantity) => $$"""{"sku":"{{sku}}","quantity":{{quantity}}}""";

    private Task<HttpResult> PostAsync(string customerId, params string[] items) => PostWithKeyAsync(customerId, null, items);

    private async Task<HttpResult> PostWithKeyAsync(string customerId, string? idempotencyKey, params string[] items)
    {
        // The customer is the signed-in caller (its principal), not a field of the body.
        var body = $$"""{"customerEmail":"ada@example.com","currency":"EUR","items":[{{string.Join(',', items)}}]}""";
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { [PlaceOrder.IdempotencyKeyHeader] = idempotencyKey };
        var request = HttpExchange.Request("POST", "/api/orders", body, headers, caller: customerId);
        return await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);
    }
}
