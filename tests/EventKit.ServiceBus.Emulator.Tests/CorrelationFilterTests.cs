using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class CorrelationFilterTests
{
    private static readonly BrokeredMessage Message = new(
        [],
        new MessageLayout(0, 0, 0, null, null, null, []),
        new SystemProperties("mid", "cid", "label", "to", "reply-to", "reply-session", "session", "application/json", null, null, null),
        new Dictionary<string, object?> { ["n"] = 5, ["s"] = "x", ["b"] = true });

    public static TheoryData<CorrelationFilterDefinition, bool> Filters => new()
    {
        { new CorrelationFilterDefinition(), true },
        { new CorrelationFilterDefinition { MessageId = "mid", CorrelationId = "cid", Label = "label", To = "to", ReplyTo = "reply-to", ReplyToSessionId = "reply-session", SessionId = "session", ContentType = "application/json" }, true },
        { new CorrelationFilterDefinition { MessageId = "other" }, false },
        { new CorrelationFilterDefinition { CorrelationId = "other" }, false },
        { new CorrelationFilterDefinition { Label = "other" }, false },
        { new CorrelationFilterDefinition { To = "other" }, false },
        { new CorrelationFilterDefinition { ReplyTo = "other" }, false },
        { new CorrelationFilterDefinition { ReplyToSessionId = "other" }, false },
        { new CorrelationFilterDefinition { SessionId = "other" }, false },
        { new CorrelationFilterDefinition { ContentType = "text/plain" }, false },
        { new CorrelationFilterDefinition { Properties = new Dictionary<string, object?> { ["n"] = 5L, ["s"] = "x", ["b"] = true } }, true },
        { new CorrelationFilterDefinition { Properties = new Dictionary<string, object?> { ["n"] = 6L } }, false },
        { new CorrelationFilterDefinition { Properties = new Dictionary<string, object?> { ["missing"] = "x" } }, false },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Matches_EachSystemAndUserProperty_ComparesForEquality(CorrelationFilterDefinition filter, bool expected)
    {
        Assert.Equal(expected, CorrelationFilterMatcher.Matches(filter, Message));
    }
}
