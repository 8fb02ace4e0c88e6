using ContractsNamespace;
using FunctionsNamespace.EventNamePublishing;
using FunctionsNamespace.Messaging;
using FunctionsNamespace.Tests.Infrastructure;

namespace FunctionsNamespace.Tests.EventNamePublishing;

/// <summary>
/// The EventName contract and its publishing activity. The wire round trip of every catalogued event, this one included,
/// is CloudEventMessageMapperTests (through <see cref="Sample"/> in SampleEvents.All).
/// </summary>
public sealed class PublishEventNameTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 45, 0, TimeSpan.Zero);

    /// <summary>A realistic EventName for <paramref name="orderId"/>.</summary>
    public static EventName Sample(string orderId) => new(orderId, At);

    [Fact]
    public async Task RunAsync_SameEventTwice_PublishesItUnderOneEventIdKeyedByTheOrder()
    {
        var publisher = new RecordingPublisher();
        var activity = new PublishEventName(publisher);
        var orderEvent = Sample("order-42");

        await activity.RunAsync(orderEvent, TestContext.Current.CancellationToken);
        await activity.RunAsync(orderEvent, TestContext.Current.CancellationToken);

        Assert.Equal(["order-42:orders.event-name.v1", "order-42:orders.event-name.v1"], publisher.Published.Select(p => p.EventId));
        Assert.All(publisher.Published, p => Assert.Equal(orderEvent, p.Event));
    }

    [Fact]
    public async Task PublishAsync_NoOrderId_RefusesAndPublishesNothing()
    {
        var publisher = new RecordingPublisher();

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => new PublishEventName(publisher).PublishAsync(Sample(" "), TestContext.Current.CancellationToken));

        Assert.Contains("order id", refused.Message, StringComparison.Ordinal);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public void EventCatalog_EventName_IsRegisteredUnderItsVersionedType()
    {
        Assert.Equal(EventName.EventType, EventCatalog.EventTypeOf(typeof(EventName)));
        Assert.True(EventCatalog.TryGetTypeInfo(EventName.EventType, out var typeInfo));
        Assert.Equal(typeof(EventName), typeInfo.Type);
    }

    [Fact]
    public void MessageMapper_EventName_TravelsAsItsCloudEventType()
    {
        var orderEvent = Sample(AzuriteFixture.NewOrderId());

        var sent = ReceivedMessages.Send(orderEvent, PublishEventName.EventIdOf(orderEvent));
        var received = CloudEventMessageMapper.FromMessage(ReceivedMessages.FromSent(sent));

        Assert.Equal(EventName.EventType, sent.Subject);
        Assert.Equal(orderEvent.OrderId, sent.CorrelationId);
        Assert.Equal(orderEvent, received.Data);
    }
}
