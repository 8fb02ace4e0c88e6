using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Contract of the real extension's trigger attribute; the Worker SDK reads it into functions.metadata.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    private bool? autoCompleteMessages;

    /// <summary>Triggers on a queue.</summary>
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    /// <summary>Triggers on a topic subscription.</summary>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>The app setting (or section) that holds the connection.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue, when triggering on a queue.</summary>
    public string? QueueName { get; }

    /// <summary>The topic, when triggering on a subscription.</summary>
    public string? TopicName { get; }

    /// <summary>The subscription, when triggering on a topic.</summary>
    public string? SubscriptionName { get; }

    /// <summary>Whether the function receives session messages.</summary>
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Whether the function receives a batch.</summary>
    /// <remarks>The Worker SDK's metadata generator needs the default declared to resolve cardinality.</remarks>
    [DefaultValue(false)]
    public bool IsBatched { get; set; }

    /// <summary>Whether the host completes the message after a successful run; host.json decides when unset.</summary>
    public bool AutoCompleteMessages
    {
        get => autoCompleteMessages ?? true;
        set => autoCompleteMessages = value;
    }

    /// <inheritdoc />
    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
