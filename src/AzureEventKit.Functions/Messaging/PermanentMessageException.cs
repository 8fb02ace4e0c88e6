namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// A message that no number of retries can fix. The settlement policy dead-letters it at once with
/// <see cref="Reason"/>, instead of burning MaxDeliveryCount attempts.
/// </summary>
public sealed class PermanentMessageException : Exception
{
    public PermanentMessageException(DeadLetterReason reason, string description, Exception? innerException = null)
        : base(description, innerException) => Reason = reason;

    public PermanentMessageException()
        : this(DeadLetterReason.ValidationFailed, "The message is permanently invalid.")
    {
    }

    public PermanentMessageException(string message)
        : this(DeadLetterReason.ValidationFailed, message)
    {
    }

    public PermanentMessageException(string message, Exception innerException)
        : this(DeadLetterReason.ValidationFailed, message, innerException)
    {
    }

    public DeadLetterReason Reason { get; }
}
