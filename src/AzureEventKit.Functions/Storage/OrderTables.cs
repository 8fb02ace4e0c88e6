namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Table names and key layout. One partition per order holds the order's request row (written by Orders), its summary
/// and timeline rows (written by Projections alone) and the ledger rows of the consumers that wrote them, so each
/// projection step is one transaction and <c>GET</c> is one partition query. Every row has exactly one writing feature.
/// </summary>
public static class OrderTables
{
    /// <summary>PK = order id. RK = <see cref="RequestRowKey"/>, <see cref="SummaryRowKey"/>, <c>timeline|…</c>, or <c>ledger|…</c>.</summary>
    public const string Orders = "Orders";

    /// <summary>PK = order id. RK = <see cref="RecipientRowKey"/>, the CloudEvent id of the outcome event it answers, or <c>ledger|…</c>.</summary>
    public const string Notifications = "Notifications";

    /// <summary>PK = subscription. RK = dead-letter id.</summary>
    public const string DeadLetters = "DeadLetters";

    /// <summary>The order as placed (lines, fingerprint, the outbox flag <c>Published</c>); written by the Orders feature only.</summary>
    public const string RequestRowKey = "request";

    /// <summary>The read-model summary (status); written by the projector only.</summary>
    public const string SummaryRowKey = "order";

    /// <summary>Where to send an order's notifications, copied from OrderPlaced; written by the notifier only.</summary>
    public const string RecipientRowKey = "recipient";

    public const string TimelineRowKeyPrefix = "timeline|";

    public static IReadOnlyList<string> All { get; } = [Orders, Notifications, DeadLetters];
}
