using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// A dead-lettered message kept for inspection and replay: PK = subscription, RK = its dead-letter-queue sequence
/// number (zero-padded, so rows sort in arrival order). The body is split over up to four 64 KiB binary columns,
/// Tables' property limit, which covers Service Bus Standard's 256 KiB message limit.
/// </summary>
public sealed class DeadLetterEntity : ITableEntity
{
    public const int BodyChunkBytes = 64 * 1024;
    public const int MaxBodyChunks = 4;

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string MessageId { get; set; } = string.Empty;

    public string? CorrelationId { get; set; }

    /// <summary>The order id for the app's own events; the replay needs it on a session-enabled subscription.</summary>
    public string? SessionId { get; set; }

    public string? Subject { get; set; }

    public string? ContentType { get; set; }

    public string ApplicationPropertiesJson { get; set; } = "{}";

    public string? DeadLetterReason { get; set; }

    public string? DeadLetterErrorDescription { get; set; }

    public int DeliveryCount { get; set; }

    public DateTimeOffset EnqueuedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public byte[]? Body0 { get; set; }

    public byte[]? Body1 { get; set; }

    public byte[]? Body2 { get; set; }

    public byte[]? Body3 { get; set; }

    public bool Replayed { get; set; }

    public DateTimeOffset? ReplayedAt { get; set; }

    public string? ReplayMessageId { get; set; }

    /// <summary>The public id used by the API: <c>{subscription}.{sequence number}</c>.</summary>
    public string Id => $"{PartitionKey}.{long.Parse(RowKey, System.Globalization.CultureInfo.InvariantCulture)}";

    public static string RowKeyFor(long sequenceNumber) => sequenceNumber.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the body was larger than the record keeps (possible on Premium); such a record replays only with a corrected body.</summary>
    public bool BodyTruncated { get; set; }

    public void SetBody(ReadOnlySpan<byte> body)
    {
        // Keep what fits rather than fail: a recorder that throws would loop on the dead-letter queue forever.
        BodyTruncated = body.Length > BodyChunkBytes * MaxBodyChunks;
        body = body[..Math.Min(body.Length, BodyChunkBytes * MaxBodyChunks)];

        Body0 = Chunk(body, 0) ?? [];
        Body1 = Chunk(body, 1);
        Body2 = Chunk(body, 2);
        Body3 = Chunk(body, 3);
    }

    private static byte[]? Chunk(ReadOnlySpan<byte> body, int index) =>
        body.Length > index * BodyChunkBytes
            ? body.Slice(index * BodyChunkBytes, Math.Min(BodyChunkBytes, body.Length - (index * BodyChunkBytes))).ToArray()
            : null;

    public byte[] GetBody() => [.. Body0 ?? [], .. Body1 ?? [], .. Body2 ?? [], .. Body3 ?? []];
}
