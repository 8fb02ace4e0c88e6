namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Table names and key layout of the order read side. One partition per order holds its summary row, its timeline
/// rows and the ledger rows of the consumers that wrote them, so each projection step is one transaction.
/// </summary>
public static class OrderTables
{
    /// <summary>PK = order id. RK = <see cref="SummaryRowKey"/>, <c>timeline|…</c>, or <c>ledger|…</c>.</summary>
    public const string Orders = "Orders";

    /// <summary>PK = order id. RK = the CloudEvent id of the outcome event it answers, or <c>ledger|…</c>.</summary>
    public const string Notifications = "Notifications";

    /// <summary>PK = subscription. RK = dead-letter id.</summary>
    public const string DeadLetters = "DeadLetters";

    public const string SummaryRowKey = "order";

    public const string TimelineRowKeyPrefix = "timeline|";

    public static IReadOnlyList<string> All { get; } = [Orders, Notifications, DeadLetters];
}
