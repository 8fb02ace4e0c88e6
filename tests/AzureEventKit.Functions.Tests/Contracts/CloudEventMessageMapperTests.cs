using System.Diagnostics;
using System.Text.Json;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Contracts;

/// <summary>The wire contract: every catalogued event survives publish → receive with the message properties consumers rely on.</summary>
public sealed class CloudEventMessageMapperTests
{
    public static TheoryData<string> EventTypes => new(EventCatalog.EventTypes.Order(StringComparer.Ordinal));

    [Fact]
    public void SampleEvents_CoverEveryCatalogType_NoContractLeftUntested()
    {
        var sampled = SampleEvents.All("order-1").Select(sample => EventCatalog.EventTypeOf(sample.GetType()));

        Assert.Equal(EventCatalog.EventTypes.Order(StringComparer.Ordinal), sampled.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void ToMessageThenFromMessage_EveryCatalogType_RoundTripsEventAndMessageProperties(string eventType)
    {
        var orderId = AzuriteFixture.NewOrderId();
        var original = SampleEvents.All(orderId).Single(sample => EventCatalog.EventTypeOf(sample.GetType()) == eventType);
        var eventId = $"{orderId}:{eventType}";

        var sent = ReceivedMessages.Send(original, eventId);
        var received = CloudEventMessageMapper.FromMessage(ReceivedMessages.FromSent(sent));

        Assert.Equal(eventId, sent.MessageId);
        Assert.Equal(orderId, sent.CorrelationId);
        Assert.Equal(orderId, sent.SessionId);
        Assert.Equal(eventType, sent.Subject);
        Assert.Equal(CloudEventMessageMapper.CloudEventsJsonContentType, sent.ContentType);
        Assert.Equal(eventId, received.EventId);
        Assert.Equal(eventType, received.EventType);
        Assert.IsType(original.GetType(), received.Data);
        Assert.Equivalent(original, received.Data, strict: true);
    }

    [Fact]
    public void ToMessage_ActivityCurrent_CarriesItsTraceParent()
    {
        using var activity = new Activity("test-producer").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";

        var sent = ReceivedMessages.Send(SampleEvents.Placed("order-1"), "event-1");

        Assert.Equal(activity.Id, sent.ApplicationProperties[CloudEventMessageMapper.TraceParentProperty]);
        Assert.Equal("vendor=1", sent.ApplicationProperties[CloudEventMessageMapper.TraceStateProperty]);
        Assert.StartsWith($"00-{activity.TraceId}-", (string)sent.ApplicationProperties[CloudEventMessageMapper.TraceParentProperty], StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessage_ActivityCurrent_CarriesItAsDiagnosticIdForTheFunctionsHost()
    {
        using var activity = new Activity("test-producer").SetIdFormat(ActivityIdFormat.W3C).Start();

        var sent = ReceivedMessages.Send(SampleEvents.Placed("order-1"), "event-1");

        Assert.Equal(activity.Id, sent.ApplicationProperties[CloudEventMessageMapper.DiagnosticIdProperty]);
    }

    [Fact]
    public void ToMessage_NoActivity_AddsNoTraceProperties()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            var sent = ReceivedMessages.Send(SampleEvents.Placed("order-1"), "event-1");

            Assert.False(sent.ApplicationProperties.ContainsKey(CloudEventMessageMapper.TraceParentProperty));
            Assert.False(sent.ApplicationProperties.ContainsKey(CloudEventMessageMapper.DiagnosticIdProperty));
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public void ToMessage_OrderFailed_SerializesReasonByName()
    {
        var sent = ReceivedMessages.Send(SampleEvents.Failed("order-1"), "event-1");

        using var body = JsonDocument.Parse(sent.Body.ToMemory());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(JsonValueKind.String, data.GetProperty("reason").ValueKind);
        Assert.Equal(nameof(OrderFailureReason.PaymentDeclined), data.GetProperty("reason").GetString());
        Assert.Equal(OrderFailed.EventType, body.RootElement.GetProperty("type").GetString());
        Assert.Equal("order-1", data.GetProperty("orderId").GetString());
    }

    [Theory]
    [InlineData("99")]
    [InlineData("1")]
    [InlineData("\"NotAReason\"")]
    public void FromMessage_OrderFailedReasonNotADefinedName_IsRejectedAsContractViolation(string reason)
    {
        var message = ReceivedMessages.CloudEvent(OrderFailed.EventType, $$"""{"orderId":"order-1","reason":{{reason}},"detail":"x","failedAt":"2026-11-26T12:00:00Z"}""");

        var exception = Assert.Throws<PermanentMessageException>(() => CloudEventMessageMapper.FromMessage(message));

        Assert.Equal(DeadLetterReason.ValidationFailed, exception.Reason);
    }

    /// <remarks>A control character in the event id never gets this far: the CloudEvents decoder refuses the body.</remarks>
    public static TheoryData<string, string, string> KeysTablesCannotStore => new()
    {
        { "slash in order id", "order/1", "event-1" },
        { "backslash in order id", "order\\1", "event-1" },
        { "hash in order id", "order#1", "event-1" },
        { "question mark in order id", "order?1", "event-1" },
        { "control character in order id", "order\u00071", "event-1" },
        { "order id over 1 KiB", new string('o', 1025), "event-1" },
        { "slash in event id", "order-1", "event/1" },
        { "event id over 1 KiB", "order-1", new string('e', 1025) },
    };

    [Theory]
    [MemberData(nameof(KeysTablesCannotStore))]
    public void FromMessage_KeyTablesCannotStore_IsRejectedAsValidationFailedNamingTheKey(string why, string orderId, string eventId)
    {
        var message = ReceivedMessages.CloudEvent(OrderCompleted.EventType, $$"""{"orderId":{{JsonSerializer.Serialize(orderId)}},"paymentId":"p","shipmentId":"s","completedAt":"2026-11-26T12:00:00Z"}""", eventId);

        var exception = Assert.Throws<PermanentMessageException>(() => CloudEventMessageMapper.FromMessage(message));

        Assert.Equal(DeadLetterReason.ValidationFailed, exception.Reason);
        Assert.True(exception.Message.Contains("orderId", StringComparison.Ordinal) || exception.Message.Contains("event id", StringComparison.Ordinal), why + ": " + exception.Message);
    }
}
