namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>The dead-letter reasons and application property names Azure uses.</summary>
internal static class DeadLetterReasons
{
    public const string ReasonProperty = "DeadLetterReason";
    public const string DescriptionProperty = "DeadLetterErrorDescription";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string TimeToLiveExpired = "TTLExpiredException";
    public const string MaxTransferHopCountExceeded = "MaxTransferHopCountExceeded";
    public const string SessionIdIsNull = "Session id is null";
}
