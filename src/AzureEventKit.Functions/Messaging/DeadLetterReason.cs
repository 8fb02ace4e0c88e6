namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// Why a message was dead-lettered at once instead of retried. The name is written to the message's
/// DeadLetterReason, so operators and the replay API can filter on it; values may be added, never renamed.
/// </summary>
public enum DeadLetterReason
{
    /// <summary>The body is not a structured-mode CloudEvent in JSON.</summary>
    UndeserializableBody,

    /// <summary>The CloudEvent type (or its version) is not in the EventCatalog.</summary>
    UnknownEventType,

    /// <summary>The event parsed but breaks a contract rule (missing order id, empty lines...).</summary>
    ValidationFailed,
}
