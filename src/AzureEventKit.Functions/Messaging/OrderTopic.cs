namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// The topic and its subscriptions, as trigger attributes need them (attribute arguments must be constants).
/// infra/servicebus.topology.json declares the same names; a test fails when they drift apart.
/// </summary>
public static class OrderTopic
{
    public const string Name = "orders";

    public const string Connection = "ServiceBus";

    public const string FulfillmentSubscription = "fulfillment";

#if (!minimal)
    public const string ProjectionsSubscription = "projections";

    public const string NotificationsSubscription = "notifications";
#endif

    private const string DeadLetterQueueSuffix = "/$DeadLetterQueue";

    public const string FulfillmentDeadLetters = FulfillmentSubscription + DeadLetterQueueSuffix;

#if (!minimal)
    public const string ProjectionsDeadLetters = ProjectionsSubscription + DeadLetterQueueSuffix;

    public const string NotificationsDeadLetters = NotificationsSubscription + DeadLetterQueueSuffix;
#endif
}
