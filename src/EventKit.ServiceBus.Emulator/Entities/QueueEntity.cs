namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A queue: accepts messages and holds them in its store (or forwards them).</summary>
internal sealed class QueueEntity : SendTargetBase
{
    private readonly Action<string, BrokeredMessage> forward;

    public QueueEntity(string name, EntityProperties properties, TimeProvider time, Action<string, BrokeredMessage> forward)
        : base(name, properties, time, new EntitySizeQuota(properties.MaxSizeInMegabytes))
    {
        this.forward = forward;
        var deadLetters = new MessageStore(name + "/$DeadLetterQueue", EntityKind.Queue, DeadLetterProperties(properties), time, null, forward, Quota) { Lifetime = Lifetime };
        Store = new MessageStore(name, EntityKind.Queue, properties, time, deadLetters, forward, Quota) { Lifetime = Lifetime };
    }

    public override MessageStore Store { get; }

    /// <summary>The dead-letter sub-queue's properties: the entity's lock duration, and no delivery limit.</summary>
    public static EntityProperties DeadLetterProperties(EntityProperties properties) =>
        new() { LockDuration = properties.LockDuration, MaxDeliveryCount = int.MaxValue };

    public override void AttachJournal(Persistence.MessageJournal journal)
    {
        base.AttachJournal(journal);
        Store.AttachJournal(journal);
        Store.DeadLetters!.AttachJournal(journal);
    }

    public override void UpdateProperties(EntityProperties updated)
    {
        base.UpdateProperties(updated);
        Store.Properties = updated;
        Store.DeadLetters!.Properties = DeadLetterProperties(updated);
    }

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
