using Azure;
using Azure.Core;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Projections;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.Projections;

/// <summary>The order read model against Azurite: ETag conflicts, concurrent projections, no going backwards, duplicates.</summary>
public sealed class OrderTimelineProjectorTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateEntity_TwoWritersWithSameETag_SecondGets412()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        var first = (await azurite.Orders.GetEntityAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;
        var second = (await azurite.Orders.GetEntityAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;
        first.Status = nameof(OrderStatus.InventoryReserved);
        second.Status = nameof(OrderStatus.Failed);

        await azurite.Orders.UpdateEntityAsync(first, first.ETag, TableUpdateMode.Merge, Cancellation);
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => azurite.Orders.UpdateEntityAsync(second, second.ETag, TableUpdateMode.Merge, Cancellation));

        Assert.Equal(412, conflict.Status);
        Assert.Equal(nameof(OrderStatus.InventoryReserved), (await Summary(orderId)).Status);
    }

    [Fact]
    public async Task ProjectAsync_SummaryChangedBetweenReadAndWrite_RetriesOn412AndBothEventsLand()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        var recorder = new TableRequestRecorder();
        var racing = Projector();
        recorder.BeforeFirstTransaction(() => racing.ProjectAsync(Received(SampleEvents.Authorized(orderId)), Cancellation));

        await Projector(recorder).ProjectAsync(Received(SampleEvents.Reserved(orderId)), Cancellation);

        Assert.Equal(2, recorder.Responses.Count(response => response.Method == "GET"));
        Assert.Equal(2, recorder.Responses.Count(response => response.Path.EndsWith("$batch", StringComparison.Ordinal)));
        Assert.Equal(nameof(OrderStatus.PaymentAuthorized), (await Summary(orderId)).Status);
        Assert.Equal([OrderPlaced.EventType, InventoryReserved.EventType, PaymentAuthorized.EventType], await TimelineTypes(orderId));
    }

    [Fact]
    public async Task ProjectAsync_TwoConcurrentEventsPerOrder_BothLandAndStatusIsTheFurthest()
    {
        var orderIds = Enumerable.Range(0, 8).Select(_ => AzuriteFixture.NewOrderId()).ToList();
        await Task.WhenAll(orderIds.Select(orderId => Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation)));

        await Task.WhenAll(orderIds.SelectMany(orderId => new[]
        {
            Task.Run(() => Projector().ProjectAsync(Received(SampleEvents.Reserved(orderId)), Cancellation), Cancellation),
            Task.Run(() => Projector().ProjectAsync(Received(SampleEvents.Shipped(orderId)), Cancellation), Cancellation),
        }));

        foreach (var orderId in orderIds)
        {
            Assert.Equal(nameof(OrderStatus.Shipped), (await Summary(orderId)).Status);
            Assert.Equal([InventoryReserved.EventType, OrderPlaced.EventType, ShipmentCreated.EventType], (await TimelineTypes(orderId)).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ProjectAsync_EventsOutOfOrder_StatusNeverGoesBackwards()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var projector = Projector();
        await projector.ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        await projector.ProjectAsync(Received(SampleEvents.Shipped(orderId)), Cancellation);

        await projector.ProjectAsync(Received(SampleEvents.Reserved(orderId)), Cancellation);
        var afterLateReservation = (await Summary(orderId)).Status;
        await projector.ProjectAsync(Received(SampleEvents.Completed(orderId)), Cancellation);
        await projector.ProjectAsync(Received(SampleEvents.Failed(orderId)), Cancellation);

        Assert.Equal(nameof(OrderStatus.Shipped), afterLateReservation);
        var summary = await Summary(orderId);
        Assert.Equal(nameof(OrderStatus.Completed), summary.Status);
        Assert.Null(summary.FailureReason);
        Assert.Equal(5, (await TimelineTypes(orderId)).Count);
    }

    [Fact]
    public async Task ProjectAsync_NeedsAttentionThenLateShipmentThenCompleted_ShowsNeedsAttentionUntilCompleted()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var projector = Projector();
        await projector.ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        await projector.ProjectAsync(Received(SampleEvents.Authorized(orderId)), Cancellation);

        await projector.ProjectAsync(Received(SampleEvents.NeedsAttention(orderId)), Cancellation);
        var needingAttention = (await Summary(orderId)).Status;
        await projector.ProjectAsync(Received(SampleEvents.Shipped(orderId)), Cancellation);
        var afterLateShipment = (await Summary(orderId)).Status;
        await projector.ProjectAsync(Received(SampleEvents.Completed(orderId)), Cancellation);

        Assert.Equal(nameof(OrderStatus.NeedsAttention), needingAttention);
        Assert.Equal(nameof(OrderStatus.NeedsAttention), afterLateShipment);
        Assert.Equal(nameof(OrderStatus.Completed), (await Summary(orderId)).Status);
    }

    [Fact]
    public async Task ProjectAsync_OrderFailed_RecordsReasonByName()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);

        await Projector().ProjectAsync(Received(SampleEvents.Failed(orderId)), Cancellation);

        var summary = await Summary(orderId);
        Assert.Equal(nameof(OrderStatus.Failed), summary.Status);
        Assert.Equal(nameof(OrderFailureReason.PaymentDeclined), summary.FailureReason);
    }

    [Fact]
    public async Task ProjectAsync_SameEventTwiceConcurrently_OneTimelineRowOneLedgerRow()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        var reserved = Received(SampleEvents.Reserved(orderId));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Projector().ProjectAsync(reserved, Cancellation), Cancellation)));

        Assert.Equal([OrderPlaced.EventType, InventoryReserved.EventType], await TimelineTypes(orderId));
        var rows = await azurite.OrderPartitionAsync(orderId, Cancellation);
        Assert.Single(rows, row => row.RowKey == ProcessedEventLedger.RowKey(OrderTimelineProjector.ConsumerName, reserved.EventId));
    }

    /// <summary>
    /// Found by the chaos soak: under a backlog, events delivered before their order's OrderPlaced was projected were
    /// retried until their deliveries ran out and were dead-lettered (MaxDeliveryCountExceeded), each retry holding a
    /// concurrent-call slot the OrderPlaced events needed. They are recorded now, and OrderPlaced catches up with them.
    /// </summary>
    [Fact]
    public async Task ProjectAsync_EventsDeliveredBeforeOrderPlaced_RecordedAtOnceAndTheSummaryCatchesUp()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var projector = Projector();

        await projector.ProjectAsync(Received(SampleEvents.Authorized(orderId)), Cancellation);
        await projector.ProjectAsync(Received(SampleEvents.Reserved(orderId)), Cancellation);
        var summaryBeforePlaced = await azurite.Orders.GetEntityIfExistsAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation);
        await projector.ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);

        Assert.False(summaryBeforePlaced.HasValue);
        Assert.Equal(nameof(OrderStatus.PaymentAuthorized), (await Summary(orderId)).Status);
        Assert.Equal([InventoryReserved.EventType, PaymentAuthorized.EventType, OrderPlaced.EventType], (await TimelineTypes(orderId)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ProjectAsync_OrderFailedDeliveredBeforeOrderPlaced_SummaryFailedWithTheReason()
    {
        var orderId = AzuriteFixture.NewOrderId();

        await Projector().ProjectAsync(Received(SampleEvents.Failed(orderId)), Cancellation);
        await Projector().ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation);

        var summary = await Summary(orderId);
        Assert.Equal(nameof(OrderStatus.Failed), summary.Status);
        Assert.Equal(nameof(OrderFailureReason.PaymentDeclined), summary.FailureReason);
    }

    /// <summary>
    /// The early event read "no summary", then OrderPlaced was projected whole (and read the timeline before the early
    /// event's row existed), then the early event wrote its row: it must still reach the summary.
    /// </summary>
    [Fact]
    public async Task ProjectAsync_OrderPlacedProjectedBetweenAnEarlyEventsReadAndWrite_SummaryStillCatchesUp()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var recorder = new TableRequestRecorder();
        var racing = Projector();
        recorder.BeforeFirstTransaction(() => racing.ProjectAsync(Received(SampleEvents.Placed(orderId)), Cancellation));

        await Projector(recorder).ProjectAsync(Received(SampleEvents.Shipped(orderId)), Cancellation);

        Assert.Equal(nameof(OrderStatus.Shipped), (await Summary(orderId)).Status);
        Assert.Equal([OrderPlaced.EventType, ShipmentCreated.EventType], (await TimelineTypes(orderId)).Order(StringComparer.Ordinal));
    }

    private OrderTimelineProjector Projector(TableRequestRecorder? recorder = null) =>
        new(new TableServiceClient(azurite.ConnectionString, TableRequestRecorder.ClientOptions(recorder)), TimeProvider.System, NullLogger<OrderTimelineProjector>.Instance);

    private static ReceivedOrderEvent Received(IOrderEvent orderEvent) =>
        CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent, $"{orderEvent.OrderId}:{EventCatalog.EventTypeOf(orderEvent.GetType())}"));

    private async Task<OrderSummaryEntity> Summary(string orderId) =>
        (await azurite.Orders.GetEntityAsync<OrderSummaryEntity>(orderId, OrderTables.SummaryRowKey, cancellationToken: Cancellation)).Value;

    private async Task<IReadOnlyList<string>> TimelineTypes(string orderId) =>
        [.. (await azurite.OrderPartitionAsync(orderId, Cancellation))
            .Where(row => row.RowKey.StartsWith(OrderTables.TimelineRowKeyPrefix, StringComparison.Ordinal))
            .OrderBy(row => row.RowKey, StringComparer.Ordinal)
            .Select(row => row.GetString(nameof(OrderTimelineEntity.EventType)))];
}
