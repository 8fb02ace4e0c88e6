using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// Lists dead letters and replays one to the topic. A replay keeps the CloudEvent (so consumers that already
/// processed the event skip it by its id) but gets a new, deterministic MessageId, <c>{original}:replay:{dead-letter id}</c>:
/// the original id would be dropped by duplicate detection, the same message dead-lettered on two subscriptions
/// replays twice, and two racing replays of one dead letter collapse into one.
/// </summary>
public sealed partial class DeadLetterReplayer(TableServiceClient tables, ServiceBusClient serviceBus, MessagingOptions options, TimeProvider timeProvider, ILogger<DeadLetterReplayer> logger)
{
    /// <summary>Rows per page of the list when the caller does not say.</summary>
    public const int DefaultPageSize = 200;

    /// <summary>The largest page a caller may ask for (Azure Tables returns at most 1,000 entities per request).</summary>
    public const int MaxPageSize = 1000;

    private const int MaxMessageIdLength = 128;
    private const string ReplaySeparator = ":replay:";

    private readonly TableClient deadLetters = tables.GetTableClient(OrderTables.DeadLetters);

    /// <summary>One page of dead letters, oldest subscription and sequence first, and the token of the next page.</summary>
    /// <param name="pageSize">At most this many rows (1 to <see cref="MaxPageSize"/>).</param>
    /// <param name="continuationToken">The token a previous page returned, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<DeadLetterPage> ListAsync(int pageSize = DefaultPageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var pages = deadLetters.QueryAsync<DeadLetterEntity>(maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            return new DeadLetterPage([.. page.Values.Select(ToView)], page.ContinuationToken);
        }

        return new DeadLetterPage([], null);
    }

    /// <param name="id">The dead letter's id, <c>{subscription}.{sequence number}</c>.</param>
    /// <param name="correctedBody">A replacement body (an operator's fix), or null to replay the original.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    public async Task<ReplayResult> ReplayAsync(string id, ReadOnlyMemory<byte>? correctedBody, CancellationToken cancellationToken = default)
    {
        if (!TryParseId(id, out var subscription, out var rowKey))
        {
            return ReplayResult.NotFound($"'{id}' is not a dead-letter id (expected subscription.sequenceNumber).");
        }

        var found = await deadLetters.GetEntityIfExistsAsync<DeadLetterEntity>(subscription, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return ReplayResult.NotFound($"Dead letter '{id}' does not exist.");
        }

        var entity = found.Value!;
        if (entity.BodyTruncated && correctedBody is null)
        {
            return ReplayResult.Conflict($"Dead letter '{id}' was too large to keep whole; replay it with a corrected body.");
        }

        if (entity.Replayed)
        {
            return ReplayResult.Conflict($"Dead letter '{id}' was already replayed at {entity.ReplayedAt:O} as message {entity.ReplayMessageId}.");
        }

        var message = new ServiceBusMessage(correctedBody ?? entity.GetBody())
        {
            MessageId = ReplayMessageIdFor(entity.MessageId, id),
            CorrelationId = entity.CorrelationId,

            // A session-enabled subscription dead-letters a message without one (rows recorded before it was kept have none).
            SessionId = entity.SessionId,
            Subject = entity.Subject,
            ContentType = entity.ContentType,
        };
        foreach (var (key, value) in JsonSerializer.Deserialize(entity.ApplicationPropertiesJson, DeadLettersJsonContext.Default.DictionaryStringString) ?? [])
        {
            // The old verdict must not travel with the retry.
            if (key is not ("DeadLetterReason" or "DeadLetterErrorDescription"))
            {
                message.ApplicationProperties[key] = value;
            }
        }

        await using (var sender = serviceBus.CreateSender(options.TopicName))
        {
            await sender.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }

        entity.Replayed = true;
        entity.ReplayedAt = timeProvider.GetUtcNow();
        entity.ReplayMessageId = message.MessageId;
        try
        {
            await deadLetters.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // A concurrent replay marked it first; its send carried the same MessageId, so the broker kept one copy.
        }

        Logs.DeadLetterReplayed(logger, id, message.MessageId);
        return ReplayResult.Replayed(new DeadLetterReplayed(id, message.MessageId));
    }

    /// <summary>
    /// The replay's MessageId: <c>{original}:replay:{dead-letter id}</c>, deterministic so that racing replays collapse.
    /// A message replayed before keeps only its first id as the root, and an id that would still pass Service Bus's
    /// 128-character limit becomes <c>replay:{hash}:{dead-letter id}</c>, so replaying again and again never fails.
    /// </summary>
    public static string ReplayMessageIdFor(string originalMessageId, string deadLetterId)
    {
        ArgumentNullException.ThrowIfNull(originalMessageId);
        var replayMarker = originalMessageId.IndexOf(ReplaySeparator, StringComparison.Ordinal);
        var root = replayMarker < 0 ? originalMessageId : originalMessageId[..replayMarker];
        var candidate = root + ReplaySeparator + deadLetterId;
        return candidate.Length <= MaxMessageIdLength
            ? candidate
            : $"replay:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(candidate)).AsSpan(0, 16))}:{deadLetterId}";
    }

    private static bool TryParseId(string id, out string subscription, out string rowKey)
    {
        subscription = rowKey = string.Empty;
        var separator = id.LastIndexOf('.');
        if (separator <= 0 || !long.TryParse(id.AsSpan(separator + 1), System.Globalization.CultureInfo.InvariantCulture, out var sequenceNumber) || sequenceNumber < 0)
        {
            return false;
        }

        subscription = id[..separator];
        rowKey = DeadLetterEntity.RowKeyFor(sequenceNumber);
        return SubscriptionNamePattern().IsMatch(subscription);
    }

    private static DeadLetterView ToView(DeadLetterEntity entity) => new(
        entity.Id,
        entity.PartitionKey,
        entity.MessageId,
        entity.CorrelationId,
        entity.Subject,
        entity.DeadLetterReason,
        entity.DeadLetterErrorDescription,
        entity.DeliveryCount,
        entity.EnqueuedAt,
        entity.RecordedAt,
        Encoding.UTF8.GetString(entity.GetBody()),
        entity.BodyTruncated,
        entity.Replayed,
        entity.ReplayedAt,
        entity.ReplayMessageId);

    // Service Bus subscription names: letters, digits, '.', '-', '_' (any subscription, including ones added by the item template).
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")]
    private static partial System.Text.RegularExpressions.Regex SubscriptionNamePattern();
}
