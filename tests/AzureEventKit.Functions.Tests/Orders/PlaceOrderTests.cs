using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
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

/// <summary><c>POST /api/orders</c> and <c>GET /api/orders/{id}</c> against Azurite, with a recording publisher.</summary>
public sealed class PlaceOrderTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string ValidBody = """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR","items":[{"sku":"sku-beans","quantity":2},{"sku":"sku-mug","quantity":1}]}""";

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
    public async Task Run_ValidOrder_Answers202WithLocationBodyAndOnePublishedOrderPlaced()
    {
        var response = await PostAsync(ValidBody);

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var orderId = response.Json.GetProperty("orderId").GetString()!;
        Assert.Equal($"/api/orders/{orderId}", response.Location);
        Assert.Equal(response.Location, response.Json.GetProperty("statusUrl").GetString());
        Assert.Equal(nameof(OrderStatus.Pending), response.Json.GetProperty("status").GetString());
        var (eventId, published) = Assert.Single(publisher.Published);
        Assert.Equal(OrderPlacement.EventIdFor(orderId), eventId);
        var placed = Assert.IsType<OrderPlaced>(published);
        Assert.Equal(orderId, placed.OrderId);
        Assert.Equal([new OrderLine(TestPrices.Beans, 2, TestPrices.BeansEur, "Test sku-beans"), new OrderLine(TestPrices.Mug, 1, TestPrices.MugEur, "Test sku-mug")], placed.Lines);
        Assert.Equal(34.99m, placed.Total);
    }

    [Fact]
    public async Task Run_ValidOrder_WritesOnlyItsRequestRowNeverTheSummaryRow()
    {
        var response = await PostAsync(ValidBody);

        // One writer per row: placement owns the request row; the summary row belongs to the projector alone.
        var orderId = response.Json.GetProperty("orderId").GetString()!;
        var rows = await azurite.OrderPartitionAsync(orderId, Cancellation);
        Assert.DoesNotContain(rows, row => row.RowKey == OrderTables.SummaryRowKey);
        var request = Assert.Single(rows);
        Assert.Equal(OrderTables.RequestRowKey, request.RowKey);
        Assert.True(request.GetBoolean(nameof(OrderRequestEntity.Published)));
    }

    [Fact]
    public async Task Run_InsertResponseLostAndRetried_CountsAsCreatedAndPublishesOnce()
    {
        var lost = new LostInsertResponse(OrderTables.Orders);
        services = AppServices.Build(azurite, publisher, configure: services =>
            services.Configure<TableClientOptions>("Default", options => options.AddPolicy(lost, Azure.Core.HttpPipelinePosition.PerRetry)));

        // No Idempotency-Key: the SDK's retry of the lost insert answers 409, and only the fingerprint tells it was ours.
        var response = await PostAsync(ValidBody);

        Assert.True(lost.Lost);
        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var orderId = response.Json.GetProperty("orderId").GetString()!;
        Assert.Equal([OrderPlacement.EventIdFor(orderId)], publisher.EventIdsFor(orderId));
    }

    [Fact]
    public async Task Run_SameIdempotencyKeyRetried_ReturnsSameOrderAndPublishesOnce()
    {
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(ValidBody, key);
        var retry = await PostAsync(ValidBody, key);

        Assert.Equal(StatusCodes.Status202Accepted, first.Status);
        Assert.Equal(StatusCodes.Status202Accepted, retry.Status);
        Assert.Equal(first.Json.GetProperty("orderId").GetString(), retry.Json.GetProperty("orderId").GetString());
        Assert.Equal(first.Location, retry.Location);
        Assert.Single(publisher.Published);
        Assert.Single(await azurite.OrderPartitionAsync(first.Json.GetProperty("orderId").GetString()!, Cancellation));
    }

    [Fact]
    public async Task Run_SameIdempotencyKeyConcurrently_OneOrderOnePublish()
    {
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(ValidBody, key)));

        Assert.All(responses, response => Assert.Equal(StatusCodes.Status202Accepted, response.Status));
        Assert.Single(responses.Select(response => response.Json.GetProperty("orderId").GetString()).Distinct());
        Assert.Single(publisher.Published.Select(entry => entry.EventId).Distinct());
    }

    [Fact]
    public async Task Run_SameIdempotencyKeyDifferentBody_Answers409AndLeavesFirstOrder()
    {
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(ValidBody, key);

        var conflict = await PostAsync(ValidBody.Replace("\"quantity\":2", "\"quantity\":3", StringComparison.Ordinal), key);

        conflict.AssertProblem(StatusCodes.Status409Conflict);
        Assert.Single(publisher.Published);
        var orderId = first.Json.GetProperty("orderId").GetString()!;
        var request = Assert.Single(await azurite.OrderPartitionAsync(orderId, Cancellation));
        Assert.Contains("\"quantity\":2", request.GetString(nameof(OrderRequestEntity.LinesJson)), StringComparison.Ordinal);
    }

#if (!minimal)
    [Fact]
    public async Task Run_ProjectorCompletesOrderBeforePlacementReturns_GetShowsCompleted()
    {
        // The race a fast pipeline produces: the read model has the order Completed before PlaceOrder sets its flag.
        // Each row has one writer, so the flag cannot write an old status back over the projector's.
        var projector = Services.GetRequiredService<OrderTimelineProjector>();
        publisher.AfterPublish = async orderEvent =>
        {
            await projector.ProjectAsync(CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent)), Cancellation);
            await projector.ProjectAsync(CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(SampleEvents.Completed(orderEvent.OrderId))), Cancellation);
        };

        var orderId = (await PostAsync(ValidBody)).Json.GetProperty("orderId").GetString()!;

        var request = HttpExchange.Request("GET", $"/api/orders/{orderId}");
        var response = await HttpExchange.ExecuteAsync(await Services.Create<GetOrder>().Run(request, orderId, Cancellation), request);
        Assert.Equal(nameof(OrderStatus.Completed), response.Json.GetProperty("status").GetString());
        Assert.Equal(34.99m, response.Json.GetProperty("total").GetDecimal());
        var rows = await azurite.OrderPartitionAsync(orderId, Cancellation);
        Assert.True(rows.Single(row => row.RowKey == OrderTables.RequestRowKey).GetBoolean(nameof(OrderRequestEntity.Published)));
    }

#endif
    [Fact]
    public async Task GetOrder_PlacedOrder_Answers200WithStatusAndTimeline()
    {
        var orderId = (await PostAsync(ValidBody)).Json.GetProperty("orderId").GetString()!;
        var request = HttpExchange.Request("GET", $"/api/orders/{orderId}");

        var response = await HttpExchange.ExecuteAsync(await Services.Create<GetOrder>().Run(request, orderId, Cancellation), request);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal(orderId, response.Json.GetProperty("orderId").GetString());
        Assert.Equal(nameof(OrderStatus.Pending), response.Json.GetProperty("status").GetString());
        Assert.Equal(34.99m, response.Json.GetProperty("total").GetDecimal());
        Assert.Equal(0, response.Json.GetProperty("timeline").GetArrayLength());
    }

#if (!minimal)
    [Fact]
    public async Task GetOrder_AfterProjectedEvents_ShowsAdvancedStatusAndTimelineOldestFirst()
    {
        var orderId = (await PostAsync(ValidBody)).Json.GetProperty("orderId").GetString()!;
        var projector = Services.GetRequiredService<OrderTimelineProjector>();
        foreach (var orderEvent in new IOrderEvent[] { (OrderPlaced)Assert.Single(publisher.Published).Event, SampleEvents.Reserved(orderId), SampleEvents.Authorized(orderId) })
        {
            await projector.ProjectAsync(CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent)), Cancellation);
        }

        var request = HttpExchange.Request("GET", $"/api/orders/{orderId}");

        var response = await HttpExchange.ExecuteAsync(await Services.Create<GetOrder>().Run(request, orderId, Cancellation), request);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal(nameof(OrderStatus.PaymentAuthorized), response.Json.GetProperty("status").GetString());
        Assert.Equal(
            [OrderPlaced.EventType, InventoryReserved.EventType, PaymentAuthorized.EventType],
            response.Json.GetProperty("timeline").EnumerateArray().Select(entry => entry.GetProperty("eventType").GetString()));
    }
#endif

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("no-such-order")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("an id with spaces")]
    public async Task GetOrder_UnknownId_Answers404Problem(string orderId)
    {
        var request = HttpExchange.Request("GET", "/api/orders/unknown");

        var response = await HttpExchange.ExecuteAsync(await Services.Create<GetOrder>().Run(request, orderId, Cancellation), request);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    private async Task<HttpResult> PostAsync(string body, string? idempotencyKey = null)
    {
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { [PlaceOrder.IdempotencyKeyHeader] = idempotencyKey };
        var request = HttpExchange.Request("POST", "/api/orders", body, headers);
        return await HttpExchange.ExecuteAsync(await Services.Create<PlaceOrder>().Run(request, Cancellation), request);
    }
}
