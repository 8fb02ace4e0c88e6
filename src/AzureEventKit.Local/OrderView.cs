using System.Text.Json;

namespace AzureEventKit.Local;

/// <summary>What GET /api/orders/{id} showed.</summary>
internal sealed record OrderView(string Status, int TimelineEntries, string? FailureReason, JsonElement Raw)
{
    public bool IsCompleted => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => string.Equals(Status, "Failed", StringComparison.OrdinalIgnoreCase);

    public bool IsFinished => IsCompleted || IsFailed;

    /// <summary>The view of an order's JSON body (status "Unknown" when it has none).</summary>
    public static OrderView From(JsonElement json)
    {
        var status = OrdersClient.TryGet(json, "status", out var value) ? value.ToString() : "Unknown";
        var timeline = OrdersClient.TryGet(json, "timeline", out var events) && events.ValueKind == JsonValueKind.Array ? events.GetArrayLength() : 0;
        var reason = OrdersClient.TryGet(json, "failureReason", out var why) ? why.ToString() : OrdersClient.TryGet(json, "reason", out why) ? why.ToString() : null;
        return new OrderView(status, timeline, reason, json);
    }
}
