using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Messaging;

/// <summary>Where order events go. Section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>The Service Bus topic every order event is published to. Default <c>orders</c>; it must match infra/servicebus.topology.json.</summary>
    [Required(ErrorMessage = "Messaging:TopicName (app setting Messaging__TopicName) is required: the Service Bus topic for order events.")]
    public string TopicName { get; set; } = "orders";

    /// <summary>The CloudEvent <c>source</c> attribute of published events. Default <c>/azure-event-kit/orders</c>.</summary>
    [Required(ErrorMessage = "Messaging:EventSource is required: the CloudEvent source of published events.")]
    public string EventSource { get; set; } = "/azure-event-kit/orders";
}
