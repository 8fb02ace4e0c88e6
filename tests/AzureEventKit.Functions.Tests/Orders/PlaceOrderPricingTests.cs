using AzureEventKit.Contracts;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>
/// Prices come from the server's catalogue, never from the request: <c>POST /api/orders</c> against Azurite (the
/// catalogue of <see cref="TestPrices"/>) with a recording publisher.
/// </summary>
public sealed class PlaceOrderPricingTests(AzuriteFixture azurite) : IAsyncDisposable
{
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
    public async Task Run_LinesWithSkuAndQuantityOnly_PublishesCataloguePricesAndTheirTotal()
    {
        var response = await PostAsync("EUR", $$"""{"sku":"{{TestPrices.Beans}}","quantity":3}""", $$"""{"sku":"{{TestPrices.Mug}}","quantity":2}""");

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var placed = Assert.IsType<OrderPlaced>(Assert.Single(publisher.Published).Event);
        Assert.Equal([TestPrices.BeansEur, TestPrices.MugEur], placed.Lines.Select(line => line.UnitPrice));
        Assert.Equal((3 * TestPrices.BeansEur) + (2 * TestPrices.MugEur), placed.Total);
        Assert.Equal("EUR", placed.Currency);
    }

    [Fact]
    public async Task Run_OrderInSecondCurrency_UsesThatCurrencysPrice()
    {
        var response = await PostAsync("USD", $$"""{"sku":"{{TestPrices.Mug}}","quantity":2}""");

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var placed = Assert.IsType<OrderPlaced>(Assert.Single(publisher.Published).Event);
        Assert.Equal(TestPrices.MugUsd, Assert.Single(placed.Lines).UnitPrice);
        Assert.Equal(2 * TestPrices.MugUsd, placed.Total);
    }

    [Fact]
    public async Task Run_ClientSendsUnitPrice_Answers400NamingThatLinesPriceAndPublishesNothing()
    {
        // The attack this refuses: a client naming its own price, which the saga would then authorize.
        var response = await PostAsync("EUR", $$"""{"sku":"{{TestPrices.Beans}}","quantity":1}""", $$"""{"sku":"{{TestPrices.Mug}}","quantity":100,"unitPrice":0.01}""");

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["items[1].unitPrice"], response.Errors.Keys);
        Assert.Empty(publisher.Published);
    }

    [Theory]
    [InlineData("unknown SKU", "sku-not-in-the-catalogue", "EUR")]
    [InlineData("inactive SKU", TestPrices.Retired, "EUR")]
    [InlineData("currency the catalogue does not price the SKU in", TestPrices.Beans, "USD")]
    public async Task Run_LineTheCatalogueCannotPrice_Answers422NamingTheLineAndPublishesNothing(string why, string sku, string currency)
    {
        _ = why;
        var response = await PostAsync(currency, $$"""{"sku":"{{TestPrices.Mug}}","quantity":1}""", $$"""{"sku":"{{sku}}","quantity":1}""");

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal(["items[1].sku"], response.Errors.Keys);
        Assert.Contains(sku, Assert.Single(response.Errors["items[1].sku"]), StringComparison.Ordinal);
        Assert.Empty(publisher.Published);
    }

    private async Task<HttpResult> PostAsync(string currency, params string[] items)
    {
        var body = $$"""{"customerId":"pricing-customer","customerEmail":"ada@example.com","currency":"{{currency}}","items":[{{string.Join(',', items)}}]}""";
        var request = HttpExchange.Request("POST", "/api/orders", body);
        return await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);
    }
}
