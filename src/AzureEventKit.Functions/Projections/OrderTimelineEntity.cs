using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Projections;

/// <summary>One timeline row: PK = order id, RK = <c>timeline|{event time, sortable}|{event id}</c>, so a partition scan returns the timeline in order.</summary>
public sealed class OrderTimelineEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string EventId { get; set; } = string.Empty;

    public string EventType { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public string Summary { get; set; } = string.Empty;

    /// <summary>For an OrderFailed row, the reason's name, so a summary created after it (OrderPlaced delivered later) can show it.</summary>
    public string? FailureReason { get; set; }

    public static string RowKeyFor(DateTimeOffset at, string eventId) =>
        $"{OrderTables.TimelineRowKeyPrefix}{at.UtcDateTime:yyyyMMddHHmmssfffffff}|{eventId}";
}
