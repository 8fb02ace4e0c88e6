using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// Copies a dead-lettered message, with its reason and description, into the DeadLetters table, where the API can
/// list and replay it. Idempotent: the row key is the message's sequence number, so a redelivery adds nothing.
/// </summary>
public sealed class DeadLetterRecorder(TableServiceClient tables, TimeProvider timeProvider, TransientBackoff backoff, ILogger<DeadLetterRecorder> logger)
{
    private readonly TableClient deadLetters = tables.GetTableClient(OrderTables.DeadLetters);

    public async Task RecordAsync(string subscription, ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = message.ApplicationProperties.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString());
        var entity = new DeadLetterEntity
        {
            PartitionKey = subscription,
            RowKey = DeadLetterEntity.RowKeyFor(message.SequenceNumber),
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            SessionId = message.SessionId,
            Subject = message.Subject,
            ContentType = message.ContentType,
            ApplicationPropertiesJson = JsonSerializer.Serialize(properties, DeadLettersJsonContext.Default.DictionaryStringString),
            DeadLetterReason = message.DeadLetterReason,
            DeadLetterErrorDescription = message.DeadLetterErrorDescription,
            DeliveryCount = message.DeliveryCount,
            EnqueuedAt = message.EnqueuedTime,
            RecordedAt = timeProvider.GetUtcNow(),
        };
        entity.SetBody(message.Body.ToMemory().Span);
        try
        {
            await deadLetters.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            Logs.DeadLetterRecorded(logger, message.MessageId, subscription, message.DeadLetterReason ?? "(none)");
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Already recorded by an earlier delivery of the same dead letter.
        }
    }

    /// <summary>
    /// What every dead-letter queue trigger does: record, then complete. Completing only moves the message into the
    /// table, so a failed record abandons instead (the dead-letter queue has no dead-letter queue of its own) and
    /// rethrows, which keeps the message and lets the failure-rate alert see the failed invocation. It waits before
    /// abandoning, longer with every delivery (<see cref="TransientBackoff"/>), so a storage outage does not make it spin.
    /// </summary>
    public async Task RecordAndCompleteAsync(string subscription, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        try
        {
            await RecordAsync(subscription, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Logs.DeadLetterNotRecorded(logger, exception, message.MessageId, subscription, message.DeliveryCount, backoff.DelayFor(message.DeliveryCount));
            await backoff.WaitBeforeAbandonAsync(message.DeliveryCount, cancellationToken).ConfigureAwait(false);
            await actions.AbandonMessageAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await actions.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
