using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Payments;

/// <summary>Our own record of the provider's answer for one order (Payments table, partition = order id).</summary>
internal sealed class PaymentEntity : ITableEntity
{
    public const string Table = "Payments";
    public const string Row = "authorization";

    public const string AuthorizedStatus = "Authorized";
    public const string DeclinedStatus = "Declined";
    public const string VoidedStatus = "Voided";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = string.Empty;

    public string? PaymentId { get; set; }

    public string? DeclineReason { get; set; }

    /// <summary>Stored as a string: Azure Tables has no decimal type, and a double would round money.</summary>
    public string Amount { get; set; } = "0";

    public string Currency { get; set; } = string.Empty;

    public DateTimeOffset DecidedAt { get; set; }

    public DateTimeOffset? VoidedAt { get; set; }
}
