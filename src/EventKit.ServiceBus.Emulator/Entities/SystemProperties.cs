namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>The message's system properties as sent, decoded once on arrival.</summary>
internal sealed record SystemProperties(
    string? MessageId,
    string? CorrelationId,
    string? Subject,
    string? To,
    string? ReplyTo,
    string? ReplyToSessionId,
    string? SessionId,
    string? ContentType,
    TimeSpan? TimeToLive,
    DateTime? ScheduledEnqueueTime,
    string? PartitionKey);
