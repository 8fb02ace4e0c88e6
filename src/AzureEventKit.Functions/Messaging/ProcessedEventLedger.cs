using Azure;
using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;

namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// Makes a consumer's effect happen once per CloudEvent id. The ledger row is written in the SAME table
/// transaction as the effect (same table, same partition), so a crash can never record "done" without the
/// effect, nor the effect without "done". A second delivery fails the ledger insert with 409 and changes nothing.
/// </summary>
public static class ProcessedEventLedger
{
    private const string RowKeyPrefix = "ledger|";

    /// <summary>The ledger row for <paramref name="consumer"/> having processed <paramref name="eventId"/>; put it first in the transaction.</summary>
    public static TableTransactionAction Claim(string partitionKey, string consumer, string eventId, DateTimeOffset processedAt) =>
        new(TableTransactionActionType.Add, new TableEntity(partitionKey, RowKey(consumer, eventId))
        {
            ["Consumer"] = consumer,
            ["EventId"] = eventId,
            ["ProcessedAt"] = processedAt,
        });

    public static string RowKey(string consumer, string eventId) => $"{RowKeyPrefix}{consumer}|{eventId}";

    /// <summary>
    /// Runs the claim plus <paramref name="effects"/> as one transaction. Returns false when the event was already processed.
    /// </summary>
    public static async Task<bool> TryApplyOnceAsync(
        TableClient table,
        string partitionKey,
        string consumer,
        string eventId,
        DateTimeOffset processedAt,
        IEnumerable<TableTransactionAction> effects,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var actions = new List<TableTransactionAction> { Claim(partitionKey, consumer, eventId, processedAt) };
        actions.AddRange(effects);
        try
        {
            await table.SubmitTransactionAsync(TableTransactionRules.Checked(actions), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409 && exception.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>Whether the ledger already holds the event (for read-only checks).</summary>
    public static async Task<bool> WasProcessedAsync(TableClient table, string partitionKey, string consumer, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey(consumer, eventId), ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }
}
