namespace AzureEventKit.Functions.Orders;

/// <summary>The body of <c>GET /api/orders/{id}</c>: the order's status and its timeline, oldest first.</summary>
public sealed record OrderView(
    string OrderId,
    string Status,
    string CustomerId,
    decimal Total,
    string Currency,
    DateTimeOffset PlacedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>One event in an order's life.</summary>
public sealed record TimelineEntry(string EventId, string EventType, DateTimeOffset At, string Summary);
