using System.Diagnostics;
using System.Text;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Tests.DeadLetters;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Messaging;

/// <summary>
/// The real publisher and the replay API against the kit's Service Bus emulator loaded with the topology file:
/// routing by the subscriptions' filters, message properties on the wire, and replay of recorded dead letters.
/// </summary>
public sealed class ServiceBusRoundTripTests(AzuriteFixture azurite, EmulatorFixture bus) : IClassFixture<EmulatorFixture>, IAsyncDisposable
{
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= AppServices.Build(azurite, publisher: null, bus.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task PublishAsync_EveryEventType_ReachesExactlyTheSubscriptionsThatHandleIt()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var publisher = Services.GetRequiredService<IEventPublisher>();
        Assert.IsType<ServiceBusEventPublisher>(publisher);

        foreach (var orderEvent in SampleEvents.All(orderId))
        {
            await PublishAsync(publisher, orderEvent, $"{orderId}:{EventCatalog.EventTypeOf(orderEvent.GetType())}");
        }

        var fulfillment = await bus.ReceiveForOrderAsync(OrderTopic.FulfillmentSubscription, orderId, 1, Cancellation);
        Assert.Equal([OrderPlaced.EventType], fulfillment.Select(message => message.Subject));
#if (!minimal)
        var notifications = await bus.ReceiveForOrderAsync(OrderTopic.NotificationsSubscription, orderId, 3, Cancellation);
        var projections = await bus.ReceiveForOrderAsync(OrderTopic.ProjectionsSubscription, orderId, 7, Cancellation);
        Assert.Equal([OrderCompleted.EventType, OrderFailed.EventType, OrderPlaced.EventType], notifications.Select(message => message.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(EventCatalog.EventTypes.Order(StringComparer.Ordinal), projections.Select(message => message.Subject).Order(StringComparer.Ordinal));
#endif
    }

    [Fact]
    public async Task PublishAsync_UnderActivity_WireMessageCarriesIdsContentTypeAndTraceParent()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var publisher = Services.GetRequiredService<IEventPublisher>();
        using var activity = new Activity("test-request").SetIdFormat(ActivityIdFormat.W3C).Start();

        await publisher.PublishAsync(placed, $"{placed.OrderId}:placed", Cancellation);

        var message = Assert.Single(await bus.ReceiveForOrderAsync(OrderTopic.FulfillmentSubscription, placed.OrderId, 1, Cancellation));
        Assert.Equal($"{placed.OrderId}:placed", message.MessageId);
        Assert.Equal(placed.OrderId, message.CorrelationId);
        Assert.Equal(placed.OrderId, message.SessionId);
        Assert.Equal(OrderPlaced.EventType, message.Subject);
        Assert.Equal(CloudEventMessageMapper.CloudEventsJsonContentType, message.ContentType);
        Assert.StartsWith($"00-{activity.TraceId}-", (string)message.ApplicationProperties[CloudEventMessageMapper.TraceParentProperty], StringComparison.Ordinal);
        var received = CloudEventMessageMapper.FromMessage(message);
        Assert.Equivalent(placed, received.Data, strict: true);
    }

    [Fact]
    public async Task ReplayDeadLetter_NoBody_SendsOriginalBodyUnderNewMessageIdWithoutOldVerdictThenRefusesSecondReplay()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var sent = ReceivedMessages.Send(placed, $"{placed.OrderId}:placed");
        var deadLettered = ReceivedMessages.FromSent(sent, deliveryCount: 5, new Dictionary<string, object>
        {
            ["DeadLetterReason"] = nameof(DeadLetterReason.ValidationFailed),
            ["DeadLetterErrorDescription"] = "Rejected for the test.",
        });
        await Services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, deadLettered, Cancellation);
        var id = $"{OrderTopic.FulfillmentSubscription}.{deadLettered.SequenceNumber}";

        var replay = await ReplayAsync(id, body: null);
        var again = await ReplayAsync(id, body: null);

        Assert.Equal(StatusCodes.Status202Accepted, replay.Status);
        var replayMessageId = replay.Json.GetProperty("replayMessageId").GetString();
        var message = Assert.Single(await bus.ReceiveForOrderAsync(OrderTopic.FulfillmentSubscription, placed.OrderId, 1, Cancellation));
        Assert.Equal(replayMessageId, message.MessageId);
        Assert.NotEqual(sent.MessageId, message.MessageId);
        Assert.Equal(sent.Body.ToArray(), message.Body.ToArray());
        Assert.Equal(OrderPlaced.EventType, message.Subject);
        Assert.Equal(placed.OrderId, message.SessionId); // a session-enabled subscription accepts the replay
        Assert.False(message.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.Equal($"{placed.OrderId}:placed", CloudEventMessageMapper.FromMessage(message).EventId);
        again.AssertProblem(StatusCodes.Status409Conflict);
        Assert.True(Assert.Single(await Services.GetRequiredService<DeadLetterReplayer>().ListAllAsync(Cancellation), view => view.Id == id).Replayed);
    }

    [Fact]
    public async Task ReplayDeadLetter_AlreadyAReplayNearTheIdLimit_SendsUnderABoundedDeterministicMessageId()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var sent = ReceivedMessages.Send(placed, $"{placed.OrderId}:placed");
        // A message that was replayed, dead-lettered again and replayed again: the id chain grows with every round.
        sent.MessageId = $"{placed.OrderId}:placed:replay:{OrderTopic.FulfillmentSubscription}.1:replay:{OrderTopic.FulfillmentSubscription}.2".PadRight(120, '9');
        var deadLettered = ReceivedMessages.FromSent(sent, deliveryCount: 5);
        await Services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, deadLettered, Cancellation);
        var id = $"{OrderTopic.FulfillmentSubscription}.{deadLettered.SequenceNumber}";

        var replay = await ReplayAsync(id, body: null);

        Assert.Equal(StatusCodes.Status202Accepted, replay.Status);
        var message = Assert.Single(await bus.ReceiveForOrderAsync(OrderTopic.FulfillmentSubscription, placed.OrderId, 1, Cancellation));
        Assert.InRange(message.MessageId.Length, 1, 128);
        Assert.Equal(replay.Json.GetProperty("replayMessageId").GetString(), message.MessageId);
        Assert.Equal(DeadLetterReplayer.ReplayMessageIdFor(sent.MessageId, id), message.MessageId);
    }

    [Fact]
    public async Task ReplayDeadLetter_CorrectedBody_SendsTheCorrection()
    {
        var orderId = AzuriteFixture.NewOrderId();
        var broken = ReceivedMessages.Raw("{ broken", OrderPlaced.EventType, correlationId: orderId);
        await Services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, broken, Cancellation);
        var corrected = Encoding.UTF8.GetString(ReceivedMessages.Send(SampleEvents.Placed(orderId), $"{orderId}:placed").Body);

        var replay = await ReplayAsync($"{OrderTopic.FulfillmentSubscription}.{broken.SequenceNumber}", corrected);

        Assert.Equal(StatusCodes.Status202Accepted, replay.Status);
        var message = Assert.Single(await bus.ReceiveForOrderAsync(OrderTopic.FulfillmentSubscription, orderId, 1, Cancellation));
        Assert.Equal(corrected, message.Body.ToString());
        Assert.Equal(orderId, CloudEventMessageMapper.FromMessage(message).Data.OrderId);
    }

    private static Task PublishAsync(IEventPublisher publisher, IOrderEvent orderEvent, string eventId) =>
        (Task)typeof(IEventPublisher).GetMethod(nameof(IEventPublisher.PublishAsync))!
            .MakeGenericMethod(orderEvent.GetType())
            .Invoke(publisher, [orderEvent, eventId, Cancellation])!;

    private async Task<HttpResult> ReplayAsync(string id, string? body)
    {
        var request = HttpExchange.Request("POST", $"/api/dead-letters/{id}/replay", body, caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);
        return await HttpExchange.ExecuteAsync(await Services.Create<DeadLetterApi>().Replay(request, id, Cancellation), request);
    }
}
