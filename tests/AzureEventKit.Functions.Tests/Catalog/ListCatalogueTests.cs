using AzureEventKit.Functions.Catalog;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Catalog;

/// <summary><c>GET /api/catalog</c>: what a client may order and what it costs, from the catalogue of <see cref="TestPrices"/>.</summary>
public sealed class ListCatalogueTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= AppServices.Build(azurite, new RecordingPublisher());

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_Currency_ListsActiveProductsPricedInIt()
    {
        var response = await GetAsync("?currency=USD");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var mug = Assert.Single(response.Json.EnumerateArray(), entry => entry.GetProperty("sku").GetString() == TestPrices.Mug);
        Assert.Equal(TestPrices.MugUsd, mug.GetProperty("unitPrice").GetDecimal());
        Assert.DoesNotContain(response.Json.EnumerateArray(), entry => entry.GetProperty("sku").GetString() == TestPrices.Beans);
    }

    [Fact]
    public async Task Run_NoCurrency_ListsEuroPricesWithoutWithdrawnProducts()
    {
        var response = await GetAsync(string.Empty);

        var skus = response.Json.EnumerateArray().Select(entry => entry.GetProperty("sku").GetString()).ToList();
        Assert.Contains(TestPrices.Beans, skus);
        Assert.DoesNotContain(TestPrices.Retired, skus);
    }

    [Fact]
    public async Task Run_MalformedCurrency_Answers400NamingIt()
    {
        var response = await GetAsync("?currency=euro");

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["currency"], response.Errors.Keys);
    }

    private async Task<HttpResult> GetAsync(string query)
    {
        var request = HttpExchange.Request("GET", "/api/catalog" + query);
        return await HttpExchange.ExecuteAsync(await Services.Create<ListCatalogue>().Run(request, Cancellation), request);
    }
}
