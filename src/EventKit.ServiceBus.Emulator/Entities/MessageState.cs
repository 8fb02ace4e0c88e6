namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>The broker-side state of a message, as the SDK's <c>ServiceBusMessageState</c> reads it.</summary>
internal enum MessageState
{
    Active = 0,
    Deferred = 1,
    Scheduled = 2,
}
