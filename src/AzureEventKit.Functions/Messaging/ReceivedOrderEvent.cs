using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Messaging;

/// <summary>An order event read off the bus, with the CloudEvent attributes consumers need for idempotency and ordering.</summary>
/// <param name="EventId">The CloudEvent id. Consumers dedupe on it (a replay keeps it but gets a new MessageId).</param>
/// <param name="EventType">The versioned type name, for example <c>orders.placed.v1</c>.</param>
/// <param name="Time">When the event happened.</param>
/// <param name="Data">The event record.</param>
public sealed record ReceivedOrderEvent(string EventId, string EventType, DateTimeOffset Time, IOrderEvent Data);
