using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Notifications;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.Notifications;

/// <summary>Exactly one customer notification per outcome event, against Azurite.</summary>
public sealed class CustomerNotifierTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NotifyAsync_SameOrderCompletedTwice_RecordsOneNotification()
    {
        var orderId = await PlacedOrderAsync();
        var completed = Received(SampleEvents.Completed(orderId));

        await Notifier().NotifyAsync(completed, Cancellation);
        await Notifier().NotifyAsync(completed, Cancellation);

        var notification = Assert.Single(await NotificationsAsync(orderId));
        Assert.Equal(completed.EventId, notification.RowKey);
        Assert.Equal("completed", notification.GetString(nameof(CustomerNotificationEntity.Kind)));
        Assert.Equal("ada@example.com", notification.GetString(nameof(CustomerNotificationEntity.Recipient)));
    }

    [Fact]
    public async Task NotifyAsync_SameOrderFailedDeliveredConcurrently_RecordsOneNotification()
    {
        var orderId = await PlacedOrderAsync();
        var failed = Received(SampleEvents.Failed(orderId));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Notifier().NotifyAsync(failed, Cancellation), Cancellation)));

        var notification = Assert.Single(await NotificationsAsync(orderId));
        Assert.Equal("failed", notification.GetString(nameof(CustomerNotificationEntity.Kind)));
        Assert.Contains("declined", notification.GetString(nameof(CustomerNotificationEntity.Text)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by the chaos soak: under a backlog an outcome delivered before its order's OrderPlaced reached notifications
    /// was retried until its deliveries ran out and was dead-lettered, and the customer never heard. It is recorded at
    /// once now, and addressed when OrderPlaced lands.
    /// </summary>
    [Fact]
    public async Task NotifyAsync_OutcomeDeliveredBeforeItsOrderPlaced_RecordedAtOnceAndAddressedWhenOrderPlacedLands()
    {
        var orderId = AzuriteFixture.NewOrderId();

        await Notifier().NotifyAsync(Received(SampleEvents.Completed(orderId)), Cancellation);
        var beforePlaced = Assert.Single(await NotificationsAsync(orderId));
        await Notifier().NotifyAsync(Received(SampleEvents.Placed(orderId)), Cancellation);

        Assert.Equal(string.Empty, beforePlaced.GetString(nameof(CustomerNotificationEntity.Recipient)));
        var notification = Assert.Single(await NotificationsAsync(orderId));
        Assert.Equal("completed", notification.GetString(nameof(CustomerNotificationEntity.Kind)));
        Assert.Equal("ada@example.com", notification.GetString(nameof(CustomerNotificationEntity.Recipient)));
    }

    /// <summary>The outcome read "no recipient", then OrderPlaced landed whole, then the outcome wrote its row: it is still addressed.</summary>
    [Fact]
    public async Task NotifyAsync_OrderPlacedLandsBetweenAnOutcomesReadAndWrite_NotificationStillAddressed()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var recorder = new TableRequestRecorder();
        var racing = Notifier();
        recorder.BeforeFirstTransaction(() => racing.NotifyAsync(Received(SampleEvents.Placed(orderId)), Cancellation));

        await Notifier(recorder).NotifyAsync(Received(SampleEvents.Failed(orderId)), Cancellation);

        Assert.Equal("ada@example.com", Assert.Single(await NotificationsAsync(orderId)).GetString(nameof(CustomerNotificationEntity.Recipient)));
    }

    [Fact]
    public async Task NotifyAsync_CompletedAndFailedAreDifferentEvents_OneNotificationEach()
    {
        var orderId = await PlacedOrderAsync();

        await Notifier().NotifyAsync(Received(SampleEvents.Completed(orderId)), Cancellation);
        await Notifier().NotifyAsync(Received(SampleEvents.Failed(orderId)), Cancellation);

        Assert.Equal(["completed", "failed"], (await NotificationsAsync(orderId)).Select(row => row.GetString(nameof(CustomerNotificationEntity.Kind))).Order(StringComparer.Ordinal));
    }

    private CustomerNotifier Notifier(TableRequestRecorder? recorder = null) =>
        new(new TableServiceClient(azurite.ConnectionString, TableRequestRecorder.ClientOptions(recorder)), TimeProvider.System, NullLogger<CustomerNotifier>.Instance);

    private async Task<string> PlacedOrderAsync()
    {
        var orderId = AzuriteFixture.NewOrderId();
        await Notifier().NotifyAsync(Received(SampleEvents.Placed(orderId)), Cancellation);
        return orderId;
    }

    private static ReceivedOrderEvent Received(IOrderEvent orderEvent) =>
        CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent, $"{orderEvent.OrderId}:{EventCatalog.EventTypeOf(orderEvent.GetType())}"));

    private async Task<IReadOnlyList<TableEntity>> NotificationsAsync(string orderId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in azurite.Notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: Cancellation))
        {
            if (!row.RowKey.StartsWith("ledger|", StringComparison.Ordinal) && row.RowKey != OrderTables.RecipientRowKey)
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
