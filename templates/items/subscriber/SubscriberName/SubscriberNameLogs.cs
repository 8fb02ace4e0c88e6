using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.SubscriberName;

internal static partial class SubscriberNameLogs
{
    [LoggerMessage(LogLevel.Information, "subscriber-name handled {EventType} for order {OrderId}")]
    public static partial void Handled(ILogger logger, string eventType, string orderId);

    [LoggerMessage(LogLevel.Information, "subscriber-name already handled event {EventId}; skipping")]
    public static partial void DuplicateSkipped(ILogger logger, string eventId);
}
