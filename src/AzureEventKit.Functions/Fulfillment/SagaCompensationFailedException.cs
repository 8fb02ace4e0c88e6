namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// A compensating step kept failing after its retries. The saga still publishes OrderFailed, then throws this so the
/// orchestration instance ends as Failed: the signal for an operator that stock or a payment hold may be stuck.
/// </summary>
public sealed class SagaCompensationFailedException : Exception
{
    public SagaCompensationFailedException()
    {
    }

    public SagaCompensationFailedException(string message)
        : base(message)
    {
    }

    public SagaCompensationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
