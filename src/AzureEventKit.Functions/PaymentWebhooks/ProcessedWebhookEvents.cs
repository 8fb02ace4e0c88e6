using System.Net;
using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>
/// The webhook's ledger: one row per provider event id it acted on (table <see cref="Table"/>, PK = event id), so a
/// redelivered or replayed event is answered 200 and changes nothing. The row is written after the effect: a crash in
/// between leaves no row, and the provider's retry does the work (raising the saga's event twice is harmless, because
/// the saga takes it once).
/// </summary>
public sealed class ProcessedWebhookEvents
{
    public const string Table = "PaymentWebhookEvents";

    private const string Row = "processed";

    private readonly TableClient table;
    private readonly TimeProvider timeProvider;

    public ProcessedWebhookEvents(TableServiceClient tables, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tables);
        table = tables.GetTableClient(Table);
        this.timeProvider = timeProvider;
    }

    public async Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, Row, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>Records <paramref name="eventId"/>; recording it twice is not an error.</summary>
    public async Task RecordAsync(string eventId, string orderId, string type, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(
                new TableEntity(eventId, Row) { ["OrderId"] = orderId, ["Type"] = type, ["ProcessedAt"] = timeProvider.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.Conflict)
        {
            // A concurrent delivery of the same event recorded it first.
        }
    }
}
