namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>The message annotation and property names the SDK reads and writes.</summary>
internal static class MessageAnnotationNames
{
    public const string SequenceNumber = "x-opt-sequence-number";
    public const string EnqueuedTime = "x-opt-enqueued-time";
    public const string LockedUntil = "x-opt-locked-until";
    public const string ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";
    public const string PartitionKey = "x-opt-partition-key";
    public const string MessageState = "x-opt-message-state";
    public const string DeadLetterSource = "x-opt-deadletter-source";
    public const string SessionFilter = "com.microsoft:session-filter";
    public const string LockedUntilUtc = "com.microsoft:locked-until-utc";
    public const string LinkTimeout = "com.microsoft:timeout";
}
