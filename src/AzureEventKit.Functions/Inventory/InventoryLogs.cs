using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Inventory;

/// <summary>Every log line of the Inventory feature.</summary>
internal static partial class InventoryLogs
{
    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Order {OrderId}: inventory write lost an optimistic race (HTTP {Status}, attempt {Attempt}); re-reading")]
    public static partial void InventoryConflict(ILogger logger, string orderId, int attempt, int status);
}
