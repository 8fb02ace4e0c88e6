using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Notifications;

/// <summary>
/// Where an order's notifications go: PK = order id, RK = <see cref="OrderTables.RecipientRowKey"/>, copied from
/// OrderPlaced, so the notifier reads nothing that another feature writes.
/// </summary>
public sealed class NotificationRecipientEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = OrderTables.RecipientRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;
}
