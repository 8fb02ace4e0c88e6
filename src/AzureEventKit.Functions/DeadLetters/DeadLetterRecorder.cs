using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// Copies a dead-lettered message, with its reason and description, into the DeadLetters table, where the API can
/// list and replay it. Idempotent: the row key is the message's sequence number, so a redelivery adds nothing.
/// </summary>
public sealed class DeadLetterRecorder(TableServiceClient tables, TimeProvider timeProvider, ILogger<DeadLetterRecorder> logger)
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
}
