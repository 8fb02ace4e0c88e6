using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>The order outbox against Azurite: a placement stopped between saving and announcing is announced by the sweeper.</summary>
public sealed class OrderOutboxSweeperTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RecordingPublisher publisher = new();
    private readonly TimerWatch clock = new();
    private readonly CancelAfterInsert cancelAfterInsert = new();
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= AppServices.Build(azurite, publisher, configure: services =>
    {
        services.AddSingleton<TimeProvider>(clock);
        services.Configure<TableClientOptions>("Default", options => options.AddPolicy(cancelAfterInsert, HttpPipelinePosition.PerCall));
    });

    private static TimeSpan Threshold => new OrderOutboxOptions().RepublishAfter;

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task SweepAsync_PublishFailedAtPlacement_PublishesOnceWithTheSameEventIdAndSetsTheFlag()
    {
        publisher.FailWhen = _ => true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Services.GetRequiredService<OrderPlacement>().PlaceAsync(Request(), customerId, idempotencyKey: null, Cancellation));
        var orderId = await StrandedOrderAsync();
        publisher.FailWhen = null;
        clock.Fake.Advance(Threshold);

        await Sweeper().SweepAsync(Cancellation);

        Assert.Equal([OrderPlacement.EventIdFor(orderId)], publisher.EventIdsFor(orderId));
        var placed = Assert.IsType<OrderPlaced>(Assert.Single(publisher.EventsFor(orderId)));
        Assert.Equal(customerId, placed.CustomerId);
        Assert.True((await RequestRowAsync(orderId)).Published);
    }

    [Fact]
    public async Task SweepAsync_RunTwice_PublishesOnce()
    {
        publisher.FailWhen = _ => true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Services.GetRequiredService<OrderPlacement>().PlaceAsync(Request(), customerId, idempotencyKey: null, Cancellation));
        var orderId = await StrandedOrderAsync();
        publisher.FailWhen = null;
        clock.Fake.Advance(Threshold);

        await Sweeper().SweepAsync(Cancellation);
        await Sweeper().SweepAsync(Cancellation);

        Assert.Single(publisher.EventIdsFor(orderId));
    }

    [Fact]
    public async Task PlaceAsync_CancelledRightAfterTheInsert_SweeperPublishesTheOrder()
    {
        using var request = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        cancelAfterInsert.Arm(request);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Services.GetRequiredService<OrderPlacement>().PlaceAsync(Request(), customerId, idempotencyKey: null, request.Token));
        var orderId = await StrandedOrderAsync();
        Assert.Empty(publisher.EventIdsFor(orderId));
        clock.Fake.Advance(Threshold);

        await Sweeper().SweepAsync(Cancellation);

        Assert.Equal([OrderPlacement.EventIdFor(orderId)], publisher.EventIdsFor(orderId));
        Assert.True((await RequestRowAsync(orderId)).Published);
    }

    [Fact]
    public async Task SweepAsync_UnpublishedOrderYoungerThanTheThreshold_LeavesItToPlacement()
    {
        publisher.FailWhen = _ => true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Services.GetRequiredService<OrderPlacement>().PlaceAsync(Request(), customerId, idempotencyKey: null, Cancellation));
        var orderId = await StrandedOrderAsync();
        publisher.FailWhen = null;
        clock.Fake.Advance(Threshold - TimeSpan.FromSeconds(1));

        await Sweeper().SweepAsync(Cancellation);

        Assert.Empty(publisher.EventIdsFor(orderId));
        Assert.False((await RequestRowAsync(orderId)).Published);
    }

    private OrderOutboxSweeper Sweeper() => Services.GetRequiredService<OrderOutboxSweeper>();

    /// <summary>Each test's order is the one request row of a customer id that test alone uses.</summary>
    private readonly string customerId = "outbox-" + Guid.NewGuid().ToString("N");

    private PlaceOrderRequest Request() => new("outbox@example.com", "EUR", [new PlaceOrderItem(TestPrices.Beans, 1)]);

    private async Task<string> StrandedOrderAsync()
    {
        var rows = new List<OrderRequestEntity>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {OrderTables.RequestRowKey} and CustomerId eq {customerId}");
        await foreach (var row in azurite.Orders.QueryAsync<OrderRequestEntity>(filter, cancellationToken: Cancellation))
        {
            rows.Add(row);
        }

        var stranded = Assert.Single(rows);
        Assert.False(stranded.Published);
        return stranded.PartitionKey;
    }

    private async Task<OrderRequestEntity> RequestRowAsync(string orderId) =>
        (await azurite.Orders.GetEntityAsync<OrderRequestEntity>(orderId, OrderTables.RequestRowKey, cancellationToken: Cancellation)).Value;

    /// <summary>TEST PROBE: cancels the placement's token the moment its insert has landed, before anything else happens.</summary>
    private sealed class CancelAfterInsert : HttpPipelinePolicy
    {
        private CancellationTokenSource? armed;

        public void Arm(CancellationTokenSource source) => armed = source;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/" + OrderTables.Orders, StringComparison.Ordinal) && message.Response.Status is 201 or 204)
            {
                Interlocked.Exchange(ref armed, null)?.Cancel();
            }
        }
    }
}
