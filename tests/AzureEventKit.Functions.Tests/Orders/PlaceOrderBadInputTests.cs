using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>
/// Every bad-input class of <c>POST /api/orders</c> gets 400 problem+json naming the field, and nothing is written:
/// the Orders table is unchanged (these tests run alone) and nothing is published.
/// </summary>
[Collection(nameof(SerialStorage))]
public sealed class PlaceOrderBadInputTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string ValidBody = """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR","items":[{"sku":"sku-beans","quantity":2}]}""";

    private readonly RecordingPublisher publisher = new();
    private ServiceProvider? services;

    public static TheoryData<string, string?, string> BadBodies => new()
    {
        { "malformed JSON", """{"customerId": "customer-1", """, "body" },
        { "malformed JSON inside a property", """{"customerId": """, "body" },
        { "not JSON at all", "customerId=customer-1", "body" },
        { "JSON null", "null", "body" },
        { "JSON array", "[]", "body" },
        { "empty body", "", "body" },
        { "no body", null, "body" },
        { "missing fields", "{}", "customerEmail" },
        { "missing items", """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR"}""", "items" },
        { "bad currency", ValidBody.Replace("\"EUR\"", "\"euro\"", StringComparison.Ordinal), "currency" },
        { "bad email", ValidBody.Replace("ada@example.com", "ada-at-example", StringComparison.Ordinal), "customerEmail" },
        { "quantity is a string", ValidBody.Replace("\"quantity\":2", "\"quantity\":\"x\"", StringComparison.Ordinal), "items[0].quantity" },
        { "quantity is fractional", ValidBody.Replace("\"quantity\":2", "\"quantity\":1.5", StringComparison.Ordinal), "items[0].quantity" },
        { "items is an object", ValidBody.Replace("[{\"sku\":\"sku-beans\",\"quantity\":2}]", "{}", StringComparison.Ordinal), "items" },
        { "empty items", ValidBody.Replace("[{\"sku\":\"sku-beans\",\"quantity\":2}]", "[]", StringComparison.Ordinal), "items" },
        { "negative quantity", ValidBody.Replace("\"quantity\":2", "\"quantity\":-1", StringComparison.Ordinal), "items[0].quantity" },
        { "zero quantity", ValidBody.Replace("\"quantity\":2", "\"quantity\":0", StringComparison.Ordinal), "items[0].quantity" },
        { "a price named by the client", ValidBody.Replace("\"quantity\":2", "\"quantity\":2,\"unitPrice\":0.01", StringComparison.Ordinal), "items[0].unitPrice" },
        { "oversize body", ValidBody.Replace("customer-1", new string('c', AppServices.MaxRequestBodyBytes), StringComparison.Ordinal), "body" },
    };

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
    [MemberData(nameof(BadBodies))]
    public async Task Run_BadInput_Answers400ProblemNamingFieldAndWritesNothing(string inputClass, string? body, string field)
    {
        _ = inputClass;
        var idempotencyKey = Guid.NewGuid().ToString("N");
        var rowsBefore = await AzuriteFixture.CountAsync(azurite.Orders, Cancellation);
        var request = HttpExchange.Request("POST", "/api/orders", body, new Dictionary<string, string> { [PlaceOrder.IdempotencyKeyHeader] = idempotencyKey });

        var response = await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Contains(field, response.Errors.Keys);
        Assert.Empty(publisher.Published);
        Assert.Empty(await azurite.OrderPartitionAsync(OrderPlacement.OrderIdFor(TestCallers.Customer, idempotencyKey), Cancellation));
        Assert.Equal(rowsBefore, await AzuriteFixture.CountAsync(azurite.Orders, Cancellation));
    }

    [Fact]
    public async Task Run_OversizeBodyWithoutContentLength_Answers400AndWritesNothing()
    {
        var rowsBefore = await AzuriteFixture.CountAsync(azurite.Orders, Cancellation);
        var body = ValidBody.Replace("customer-1", new string('c', AppServices.MaxRequestBodyBytes * 4), StringComparison.Ordinal);
        var request = HttpExchange.Request("POST", "/api/orders", body, declareLength: false);

        var response = await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["body"], response.Errors.Keys);
        Assert.Empty(publisher.Published);
        Assert.Equal(rowsBefore, await AzuriteFixture.CountAsync(azurite.Orders, Cancellation));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-key-that-is-far-too-long-a-key-that-is-far-too-long-a-key-that-is-far-too-long-a-key-that-is-far-too-long-a-key-that-is-far-too-long")]
    public async Task Run_InvalidIdempotencyKey_Answers400NamingHeaderAndWritesNothing(string idempotencyKey)
    {
        var rowsBefore = await AzuriteFixture.CountAsync(azurite.Orders, Cancellation);
        var request = HttpExchange.Request("POST", "/api/orders", ValidBody, new Dictionary<string, string> { [PlaceOrder.IdempotencyKeyHeader] = idempotencyKey });

        var response = await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal([PlaceOrder.IdempotencyKeyHeader], response.Errors.Keys);
        Assert.Empty(publisher.Published);
        Assert.Equal(rowsBefore, await AzuriteFixture.CountAsync(azurite.Orders, Cancellation));
    }
}
