namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A queue: accepts messages and holds them in its store (or forwards them).</summary>
internal sealed class QueueEntity : SendTargetBase
{
    private readonly Action<string, BrokeredMessage> forward;

    public QueueEntity(string name, EntityProperties properties, TimeProvider time, Action<string, BrokeredMessage> forward)
        : base(name, properties, time, new EntitySizeQuota(properties.MaxSizeInMegabytes))
    {
        this.forward = forward;
        var deadLetters = new MessageStore(name + "/$DeadLetterQueue", EntityKind.Queue, new EntityProperties { LockDuration = properties.LockDuration, MaxDeliveryCount = int.MaxValue }, time, null, forward, Quota);
        Store = new MessageStore(name, EntityKind.Queue, properties, time, deadLetters, forward, Quota);
    }

    public override MessageStore Store { get; }

    protected override void Distribute(BrokeredMessage message)
    {
        if (Properties.ForwardTo is { } target)
        {
            if (message.TransferHops >= MessagingNamespace.MaxTransferHops)
            {
                Store.DeadLetterOnArrival(message, DeadLetterReasons.MaxTransferHopCountExceeded, $"The message was forwarded more than {MessagingNamespace.MaxTransferHops} times.");
                return;
            }

            forward(target, message);
            return;
        }

        Store.Enqueue(message);
    }
}
