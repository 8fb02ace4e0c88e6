namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A session receiver waiting for any session to become available.</summary>
internal sealed record PendingSessionAccept(IMessageConsumer Consumer, Action<SessionQueue> OnAccepted);
