using Azure.Messaging.ServiceBus;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>What a buggy producer sends: a real event's message properties with its body cut short.</summary>
internal static class MalformedMessages
{
    /// <summary>A copy of <paramref name="valid"/> whose body stops after 40 characters, so it is no longer JSON.</summary>
    public static ServiceBusMessage Truncated(ServiceBusMessage valid) =>
        new(BinaryData.FromString(valid.Body.ToString()[..40]))
        {
            MessageId = valid.MessageId,
            CorrelationId = valid.CorrelationId,
            Subject = valid.Subject,
            ContentType = valid.ContentType,
        };
}
