namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A topic: accepts messages and offers each to every subscription.</summary>
/// <remarks>The subscriptions are built with the same <paramref name="quota"/>: their messages count toward the topic's size.</remarks>
internal sealed class TopicEntity(string name, EntityProperties properties, TimeProvider time, IReadOnlyList<SubscriptionEntity> subscriptions, EntitySizeQuota quota)
    : SendTargetBase(name, properties, time, quota)
{
    // Copy-on-write: publishing reads the current array without a lock; the namespace serialises changes.
    private volatile SubscriptionEntity[] subscriptions = [.. subscriptions];

    public IReadOnlyList<SubscriptionEntity> Subscriptions => subscriptions;

    public override MessageStore? Store => null;

    public override void AttachJournal(Persistence.MessageJournal journal)
    {
        base.AttachJournal(journal);
        foreach (var subscription in subscriptions)
        {
            subscription.AttachJournal(journal);
        }
    }

    public SubscriptionEntity? FindSubscription(string subscriptionName) =>
        Array.Find(subscriptions, s => string.Equals(s.Name, subscriptionName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds a subscription created at run time. Called under the namespace's change lock.</summary>
    public void AddSubscription(SubscriptionEntity subscription) => subscriptions = [.. subscriptions, subscription];

    /// <summary>Removes a subscription deleted at run time. Called under the namespace's change lock.</summary>
    public void RemoveSubscription(SubscriptionEntity subscription) => subscriptions = Array.FindAll(subscriptions, s => s != subscription);

    protected override void Distribute(BrokeredMessage message)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Offer(message);
        }
    }
}
