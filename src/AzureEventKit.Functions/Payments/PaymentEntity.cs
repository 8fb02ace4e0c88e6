using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Payments;

/// <summary>
/// Our own record of one order's payment (Payments table, partition = order id): written as an intent before the
/// provider is asked, then the provider's answer, then what became of the hold (captured or voided).
/// </summary>
internal sealed class PaymentEntity : ITableEntity
{
    public const string Table = "Payments";
    public const string Row = "authorization";

    /// <summary>The attempt is recorded and the provider may have been asked; its answer is not recorded yet.</summary>
    public const string AuthorizingStatus = "Authorizing";
    public const string AuthorizedStatus = "Authorized";
    public const string DeclinedStatus = "Declined";
    public const string VoidedStatus = "Voided";
    public const string CapturedStatus = "Captured";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = string.Empty;

    /// <summary>The idempotency key the authorization was requested with; null on rows written before intents were recorded (their key was the order id).</summary>
    public string? AuthorizationKey { get; set; }

    public string? PaymentId { get; set; }

    public string? DeclineReason { get; set; }

    /// <summary>Stored as a string: Azure Tables has no decimal type, and a double would round money.</summary>
    public string Amount { get; set; } = "0";

    public string Currency { get; set; } = string.Empty;

    public DateTimeOffset? AttemptedAt { get; set; }

    /// <summary>When the provider's answer was recorded; null while <see cref="AuthorizingStatus"/>.</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset? VoidedAt { get; set; }

    public DateTimeOffset? CapturedAt { get; set; }
}
