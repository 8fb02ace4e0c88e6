using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.FulfillmentStart;
using AzureEventKit.Functions.Messaging;
#if (!minimal)
using AzureEventKit.Functions.Notifications;
#endif
using AzureEventKit.Functions.Observability;
#if (!minimal)
using AzureEventKit.Functions.Projections;
#endif
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Messaging;

/// <summary>
/// The one settlement policy, observed through the real subscriber functions: the exact settlement and dead-letter
/// reason for every failure class. Only <see cref="RecordingMessageActions"/> stands in for the broker.
/// </summary>
public sealed class SettlementPolicyTests(AzuriteFixture azurite, StubFulfillmentHost durable) : IClassFixture<StubFulfillmentHost>, IAsyncDisposable
{
    private readonly ServiceProvider services = AppServices.Build(azurite, new RecordingPublisher());

    private static readonly string[] SubscriberNames =
    [
        OrderTopic.FulfillmentSubscription,
#if (!minimal)
        OrderTopic.ProjectionsSubscription,
        OrderTopic.NotificationsSubscription,
#endif
    ];

    public static TheoryData<string> Subscribers => [.. SubscriberNames];

    public static TheoryData<string, string> PermanentFailures
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var subscriber in SubscriberNames)
            {
                foreach (var failure in new[] { "not json", "json but not a cloudevent", "empty body", "unknown type", "unknown version", "missing orderId", "blank orderId", "orderId is a number", "wrong field types", "no data" })
                {
                    data.Add(subscriber, failure);
                }
            }

            return data;
        }
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => services.DisposeAsync();

    [Theory]
    [MemberData(nameof(PermanentFailures))]
    public async Task Run_PermanentFailure_DeadLettersOnceWithSpecificReason(string subscriber, string failure)
    {
        var (message, expectedReason) = Broken(subscriber, failure);
        var actions = new RecordingMessageActions();

        await DeliverAsync(subscriber, message, actions);

        var settlement = actions.Only;
        Assert.Equal(SettlementKind.DeadLetter, settlement.Kind);
        Assert.Equal(expectedReason.ToString(), settlement.DeadLetterReason);
        Assert.False(string.IsNullOrWhiteSpace(settlement.DeadLetterErrorDescription));
    }

    [Theory]
    [InlineData(OrderTopic.FulfillmentSubscription)]
#if (!minimal)
    [InlineData(OrderTopic.NotificationsSubscription)]
#endif
    public async Task Run_EventTypeTheSubscriberDoesNotHandle_DeadLettersValidationFailed(string subscriber)
    {
        var orderId = AzuriteFixture.NewOrderId();
        var foreign = IsNotifications(subscriber) ? SampleEvents.Reserved(orderId) : (IOrderEvent)SampleEvents.Completed(orderId);
        var actions = new RecordingMessageActions();

        await DeliverAsync(subscriber, ReceivedMessages.Of(foreign), actions);

        Assert.Equal(new Settlement(SettlementKind.DeadLetter, actions.Only.MessageId, nameof(DeadLetterReason.ValidationFailed), actions.Only.DeadLetterErrorDescription), actions.Only);
    }

    [Theory]
    [MemberData(nameof(Subscribers))]
    public async Task Run_HandledEvent_CompletesExactlyOnce(string subscriber)
    {
        var orderId = AzuriteFixture.NewOrderId();
        await ProjectAsync(SampleEvents.Placed(orderId));
        var handled = IsNotifications(subscriber) ? SampleEvents.Completed(orderId) : (IOrderEvent)SampleEvents.Placed(orderId);
        var message = ReceivedMessages.Of(handled);
        var actions = new RecordingMessageActions();

        await DeliverAsync(subscriber, message, actions);

        Assert.Equal(new Settlement(SettlementKind.Complete, message.MessageId, null, null), actions.Only);
    }

    [Theory]
    [MemberData(nameof(Subscribers))]
    public async Task Run_DuplicateDelivery_CompletesAgainWithoutDeadLettering(string subscriber)
    {
        var orderId = AzuriteFixture.NewOrderId();
        await ProjectAsync(SampleEvents.Placed(orderId));
        var handled = IsNotifications(subscriber) ? SampleEvents.Failed(orderId) : (IOrderEvent)SampleEvents.Placed(orderId);
        var sent = ReceivedMessages.Send(handled, $"{orderId}:dup");
        var actions = new RecordingMessageActions();

        await DeliverAsync(subscriber, ReceivedMessages.FromSent(sent), actions);
        await DeliverAsync(subscriber, ReceivedMessages.FromSent(sent, deliveryCount: 2), actions);

        Assert.Equal([SettlementKind.Complete, SettlementKind.Complete], actions.Settlements.Select(settlement => settlement.Kind));
    }

#if (!minimal)
    [Fact]
    public async Task ProjectOrderTimeline_OrderNotYetProjected_CompletesWithoutRetrying()
    {
        // The projector records an event that comes before its order's OrderPlaced; retried, it held a concurrent call
        // and, under a backlog, was dead-lettered (found by the chaos soak).
        var message = ReceivedMessages.Of(SampleEvents.Reserved(AzuriteFixture.NewOrderId()));
        var actions = new RecordingMessageActions();

        await DeliverAsync(OrderTopic.ProjectionsSubscription, message, actions);

        Assert.Equal(new Settlement(SettlementKind.Complete, message.MessageId, null, null), actions.Only);
    }

    [Fact]
    public async Task NotifyCustomer_OrderUnknownToReadSide_CompletesWithoutRetrying()
    {
        // The notifier records an outcome that comes before its order's OrderPlaced and addresses it later; retried, it
        // was dead-lettered under a backlog (found by the chaos soak).
        var message = ReceivedMessages.Of(SampleEvents.Completed(AzuriteFixture.NewOrderId()));
        var actions = new RecordingMessageActions();

        await DeliverAsync(OrderTopic.NotificationsSubscription, message, actions);

        Assert.Equal(SettlementKind.Complete, actions.Only.Kind);
    }
#endif

    [Fact]
    public async Task ProcessAsync_TransientException_AbandonsWithoutDeadLetterAndRethrows()
    {
        var settlement = services.GetRequiredService<MessageSettlement>();
        var message = ReceivedMessages.Of(SampleEvents.Placed(AzuriteFixture.NewOrderId()));
        var actions = new RecordingMessageActions();
        var transient = new ServiceBusException("The broker is busy.", ServiceBusFailureReason.ServiceBusy);

        var thrown = await Assert.ThrowsAsync<ServiceBusException>(() =>
            settlement.ProcessAsync("projections", message, actions, (_, _) => throw transient, Cancellation));

        Assert.Same(transient, thrown);
        Assert.Equal(SettlementKind.Abandon, actions.Only.Kind);
    }

    [Fact]
    public async Task ProcessAsync_HandlerThrowsPermanent_DeadLettersWithItsReasonAndDescription()
    {
        var settlement = services.GetRequiredService<MessageSettlement>();
        var message = ReceivedMessages.Of(SampleEvents.Placed(AzuriteFixture.NewOrderId()));
        var actions = new RecordingMessageActions();

        await settlement.ProcessAsync("projections", message, actions, (_, _) => throw new PermanentMessageException(DeadLetterReason.UnknownEventType, "no such version"), Cancellation);

        Assert.Equal(new Settlement(SettlementKind.DeadLetter, message.MessageId, "UnknownEventType", "no such version"), actions.Only);
    }

    [Fact]
    public async Task ProcessAsync_HandlerSeesDecodedEvent_WithCloudEventIdAndType()
    {
        var settlement = services.GetRequiredService<MessageSettlement>();
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var actions = new RecordingMessageActions();
        ReceivedOrderEvent? seen = null;

        await settlement.ProcessAsync("projections", ReceivedMessages.Of(placed, "event-42"), actions, (received, _) => { seen = received; return Task.CompletedTask; }, Cancellation);

        Assert.NotNull(seen);
        Assert.Equal("event-42", seen.EventId);
        Assert.Equal(OrderPlaced.EventType, seen.EventType);
        Assert.Equivalent(placed, seen.Data, strict: true);
        Assert.Equal(SettlementKind.Complete, actions.Only.Kind);
    }

    [Fact]
    public async Task ProcessAsync_MessageWithTraceParent_ConsumerSpanContinuesProducerTrace()
    {
        var settlement = services.GetRequiredService<MessageSettlement>();
        ServiceBusReceivedMessage message;
        ActivityTraceId producerTrace;
        using (var producer = new Activity("test-producer").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            producerTrace = producer.TraceId;
            message = ReceivedMessages.Of(SampleEvents.Placed(AzuriteFixture.NewOrderId()));
        }

        var consumerSpans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrderWorkflowTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Consumer && activity.TraceId == producerTrace)
                {
                    lock (consumerSpans)
                    {
                        consumerSpans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId handlerTrace = default;

        await settlement.ProcessAsync("projections", message, new RecordingMessageActions(), (_, _) => { handlerTrace = Activity.Current!.TraceId; return Task.CompletedTask; }, Cancellation);

        Assert.Equal(producerTrace, handlerTrace);
        var consumer = Assert.Single(consumerSpans);
        Assert.Equal(message.MessageId, consumer.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task StartFulfillment_OrderPlaced_StartsSagaWithOrderIdAsInstanceIdAndCompletes()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var message = ReceivedMessages.Of(placed);
        var actions = new RecordingMessageActions();

        await DeliverAsync(OrderTopic.FulfillmentSubscription, message, actions);

        Assert.Equal(SettlementKind.Complete, actions.Only.Kind);
        var instance = await durable.Client.GetInstanceAsync(placed.OrderId, getInputsAndOutputs: true, Cancellation);
        Assert.NotNull(instance);
        Assert.Equal(FulfillmentProtocol.OrchestrationName, instance.Name);
        Assert.Equal(placed.OrderId, instance.ReadInputAs<OrderPlaced>()!.OrderId);
    }

    [Fact]
    public async Task StartFulfillment_DuplicateDeliveries_StartOneInstance()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId());
        var sent = ReceivedMessages.Send(placed, $"{placed.OrderId}:placed");
        var actions = new RecordingMessageActions();
        await DeliverAsync(OrderTopic.FulfillmentSubscription, ReceivedMessages.FromSent(sent), actions);
        Assert.NotNull(await durable.Client.GetInstanceAsync(placed.OrderId, Cancellation));
        var beforeDuplicates = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(2, 3).Select(attempt => DeliverAsync(OrderTopic.FulfillmentSubscription, ReceivedMessages.FromSent(sent, attempt), actions)));

        var after = await durable.Client.GetInstanceAsync(placed.OrderId, Cancellation);
        Assert.All(actions.Settlements, settlement => Assert.Equal(SettlementKind.Complete, settlement.Kind));
        Assert.Equal(4, actions.Settlements.Count);

        // Not an equality check: the in-memory backend reports a creation time microseconds apart once the first episode
        // has run. A restarted instance would have been created after the duplicates began.
        Assert.True(after!.CreatedAt < beforeDuplicates, $"the instance was created again at {after.CreatedAt:O}");
    }

    [Fact]
    public async Task StartFulfillment_OrderWithoutLines_DeadLettersValidationFailedAndStartsNothing()
    {
        var placed = SampleEvents.Placed(AzuriteFixture.NewOrderId()) with { Lines = [] };
        var actions = new RecordingMessageActions();

        await DeliverAsync(OrderTopic.FulfillmentSubscription, ReceivedMessages.Of(placed), actions);

        Assert.Equal(nameof(DeadLetterReason.ValidationFailed), actions.Only.DeadLetterReason);
        Assert.Null(await durable.Client.GetInstanceAsync(placed.OrderId, Cancellation));
    }

    private Task DeliverAsync(string subscriber, ServiceBusReceivedMessage message, RecordingMessageActions actions) => subscriber switch
    {
        OrderTopic.FulfillmentSubscription => services.Create<StartFulfillment>().Run(message, actions, durable.Client, Cancellation),
#if (!minimal)
        OrderTopic.ProjectionsSubscription => services.Create<ProjectOrderTimeline>().Run(message, actions, Cancellation),
        OrderTopic.NotificationsSubscription => services.Create<NotifyCustomer>().Run(message, actions, Cancellation),
#endif
        _ => throw new ArgumentOutOfRangeException(nameof(subscriber), subscriber, null),
    };

    /// <summary>Puts the order on the read side first, so subscribers that need it (notifications) find it.</summary>
    /// <summary>What the read sides know once OrderPlaced has reached them: the projector's summary, the notifier's recipient.</summary>
    private async Task ProjectAsync(IOrderEvent orderEvent)
    {
#if (!minimal)
        await services.GetRequiredService<OrderTimelineProjector>().ProjectAsync(CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent)), Cancellation);
        await services.GetRequiredService<CustomerNotifier>().NotifyAsync(CloudEventMessageMapper.FromMessage(ReceivedMessages.Of(orderEvent)), Cancellation);
#else
        await Task.CompletedTask;
#endif
    }

    /// <summary>Notifications are tested with outcome events (they keep only the recipient of OrderPlaced); every other subscriber here handles OrderPlaced.</summary>
    private static bool IsNotifications(string subscriber) =>
#if (!minimal)
        subscriber == OrderTopic.NotificationsSubscription;
#else
        false;
#endif

    private static (ServiceBusReceivedMessage Message, DeadLetterReason Reason) Broken(string subscriber, string failure)
    {
        var handled = IsNotifications(subscriber) ? SampleEvents.Completed("order-1") : (IOrderEvent)SampleEvents.Placed("order-1");
        var eventType = EventCatalog.EventTypeOf(handled.GetType());
        var data = JsonNode.Parse(ReceivedMessages.Send(handled, "event-1").Body.ToString())!["data"]!.AsObject();
        string Without(string property)
        {
            var copy = data.DeepClone().AsObject();
            copy.Remove(property);
            return copy.ToJsonString();
        }

        string With(string property, JsonNode? value)
        {
            var copy = data.DeepClone().AsObject();
            copy[property] = value;
            return copy.ToJsonString();
        }

        var wrongTypes = IsNotifications(subscriber) ? With("completedAt", "yesterday") : With("lines", "two mugs");
        return failure switch
        {
            "not json" => (ReceivedMessages.Raw("this is not json {", eventType), DeadLetterReason.UndeserializableBody),
            "json but not a cloudevent" => (ReceivedMessages.Raw(JsonSerializer.Serialize(data), eventType), DeadLetterReason.UndeserializableBody),
            "empty body" => (ReceivedMessages.Raw(string.Empty, eventType), DeadLetterReason.UndeserializableBody),
            "no data" => (ReceivedMessages.Raw($$"""{"specversion":"1.0","id":"e1","type":"{{eventType}}","source":"/tests"}""", eventType), DeadLetterReason.UndeserializableBody),
            "unknown type" => (ReceivedMessages.CloudEvent("orders.refunded.v1", data.ToJsonString()), DeadLetterReason.UnknownEventType),
            "unknown version" => (ReceivedMessages.CloudEvent(eventType.Replace(".v1", ".v9", StringComparison.Ordinal), data.ToJsonString()), DeadLetterReason.UnknownEventType),
            "missing orderId" => (ReceivedMessages.CloudEvent(eventType, Without("orderId")), DeadLetterReason.ValidationFailed),
            "blank orderId" => (ReceivedMessages.CloudEvent(eventType, With("orderId", " ")), DeadLetterReason.ValidationFailed),
            "orderId is a number" => (ReceivedMessages.CloudEvent(eventType, With("orderId", 42)), DeadLetterReason.ValidationFailed),
            "wrong field types" => (ReceivedMessages.CloudEvent(eventType, wrongTypes), DeadLetterReason.ValidationFailed),
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };
    }
}
