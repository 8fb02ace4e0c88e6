namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>Evaluates a correlation filter: every set property must equal the message's.</summary>
internal static class CorrelationFilterMatcher
{
    public static bool Matches(CorrelationFilterDefinition filter, IFilterableMessage message)
    {
        if (!SystemEquals(message, "CorrelationId", filter.CorrelationId)
            || !SystemEquals(message, "MessageId", filter.MessageId)
            || !SystemEquals(message, "To", filter.To)
            || !SystemEquals(message, "ReplyTo", filter.ReplyTo)
            || !SystemEquals(message, "Label", filter.Label)
            || !SystemEquals(message, "SessionId", filter.SessionId)
            || !SystemEquals(message, "ReplyToSessionId", filter.ReplyToSessionId)
            || !SystemEquals(message, "ContentType", filter.ContentType))
        {
            return false;
        }

        foreach (var (name, expected) in filter.Properties)
        {
            if (!message.TryGetUserProperty(name, out var actual))
            {
                return false;
            }

            if (expected is null ? actual is not null : SqlValues.Compare(Normalize(expected), Normalize(actual)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SystemEquals(IFilterableMessage message, string name, string? expected) =>
        expected is null || (message.TryGetSystemProperty(name, out var actual) && string.Equals(actual?.ToString(), expected, StringComparison.Ordinal));

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        uint u => (long)u,
        float f => (double)f,
        decimal d => (double)d,
        Guid g => g.ToString(),
        _ => value,
    };
}
