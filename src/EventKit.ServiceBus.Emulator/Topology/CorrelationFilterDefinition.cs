namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// A correlation filter: every property that is set must equal the message's; unset properties match anything.
/// </summary>
public sealed class CorrelationFilterDefinition
{
    /// <summary>Matches <c>CorrelationId</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Matches <c>MessageId</c>.</summary>
    public string? MessageId { get; init; }

    /// <summary>Matches <c>To</c>.</summary>
    public string? To { get; init; }

    /// <summary>Matches <c>ReplyTo</c>.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Matches <c>Subject</c> (called <c>Label</c> in Config.json).</summary>
    public string? Label { get; init; }

    /// <summary>Matches <c>SessionId</c>.</summary>
    public string? SessionId { get; init; }

    /// <summary>Matches <c>ReplyToSessionId</c>.</summary>
    public string? ReplyToSessionId { get; init; }

    /// <summary>Matches <c>ContentType</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>User (application) properties that must be present with equal values.</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = new Dictionary<string, object?>();
}
