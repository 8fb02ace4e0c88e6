namespace ContractsNamespace;

/// <summary>
/// EventName happened to an order. Version 1 of the contract: add a field consumers can ignore freely, but a field
/// they must understand, or a renamed or removed one, is a new record with a new <see cref="EventType"/> (v2).
/// </summary>
/// <param name="OrderId">The order it happened to; it becomes the message's CorrelationId.</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record EventName(string OrderId, DateTimeOffset OccurredAt) : IOrderEvent
{
    /// <summary>The CloudEvent type of this version of the event (the Subject that subscription filters match).</summary>
    public const string EventType = "orders.event-name.v1";
}
