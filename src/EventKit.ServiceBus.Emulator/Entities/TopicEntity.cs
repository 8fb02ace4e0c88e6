namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>A topic: accepts messages and offers each to every subscription.</summary>
/// <remarks>The subscriptions are built with the same <paramref name="quota"/>: their messages count toward the topic's size.</remarks>
internal sealed class TopicEntity(string name, EntityProperties properties, TimeProvider time, IReadOnlyList<SubscriptionEntity> subscriptions, EntitySizeQuota quota)
    : SendTargetBase(name, properties, time, quota)
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
