using Azure.Messaging.ServiceBus;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>The trigger payload of one Service Bus invocation: one message, or a batch.</summary>
internal sealed record ServiceBusDelivery(
    IReadOnlyList<ServiceBusReceivedMessage> Messages,
    KitServiceBusMessageActions Actions,
    KitServiceBusSessionMessageActions? SessionActions);
