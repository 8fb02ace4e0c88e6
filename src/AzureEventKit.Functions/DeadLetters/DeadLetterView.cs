namespace AzureEventKit.Functions.DeadLetters;

/// <summary>A dead letter as <c>GET /api/dead-letters</c> shows it. The body is shown as text when it is UTF-8.</summary>
public sealed record DeadLetterView(
    string Id,
    string Subscription,
    string MessageId,
    string? CorrelationId,
    string? Subject,
    string? DeadLetterReason,
    string? DeadLetterErrorDescription,
    int DeliveryCount,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset RecordedAt,
    string Body,
    bool BodyTruncated,
    bool Replayed,
    DateTimeOffset? ReplayedAt,
    string? ReplayMessageId);

/// <summary>The 202 body of a replay.</summary>
public sealed record DeadLetterReplayed(string Id, string ReplayMessageId);
