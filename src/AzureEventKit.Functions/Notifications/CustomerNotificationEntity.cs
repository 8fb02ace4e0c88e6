using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Notifications;

/// <summary>
/// One customer notification: PK = order id, RK = the event id it answers. The table is also the outbox a real
/// email or SMS provider drains; nothing here talks to a provider.
/// </summary>
public sealed class CustomerNotificationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = string.Empty;

    /// <summary>Empty until the order's OrderPlaced reaches notifications (an outcome can arrive first); a provider draining the table skips such rows until then.</summary>
    public string Recipient { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
