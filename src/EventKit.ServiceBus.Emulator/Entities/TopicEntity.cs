namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A topic: accepts messages and offers each to every subscription.</summary>
internal sealed class TopicEntity(string name, EntityProperties properties, TimeProvider time, IReadOnlyList<SubscriptionEntity> subscriptions)
    : SendTargetBase(name, properties, time)
{
    public IReadOnlyList<SubscriptionEntity> Subscriptions { get; } = subscriptions;

    public override MessageStore? Store => null;

    protected override void Distribute(BrokeredMessage message)
    {
        foreach (var subscription in Subscriptions)
        {
            subscription.Offer(message);
        }
    }
}
