using System.Text.Json;
using Azure.Data.Tables;

namespace AzureEventKit.Local.Soak;

/// <summary>
/// The soak's stock invariant: for every SKU, the units seeded equal the units available plus the units held by
/// reservations still in force (a shipped order keeps its reservation), and none is negative.
/// </summary>
internal sealed class SoakStockAudit(TableServiceClient tables, int seedUnits, IEnumerable<string> skus)
{
    private readonly TableClient inventory = tables.GetTableClient("Inventory");

    /// <summary>How many times the audit reads again before it says the stock kept changing under it.</summary>
    internal const int MaxReads = 20;

    /// <summary>
    /// Reads the stock rows, the reservations, then the stock rows again, until both stock reads are the same rows with
    /// the same ETags. A query is no snapshot: it pages, and the app may commit between its requests. But every
    /// transaction that adds or releases a reservation also replaces the stock rows of its SKUs (InventoryReservations),
    /// so unchanged stock rows around the reservations' read mean the two reads belong together. After quiescence the
    /// first attempt holds; a run that timed out is audited while orders still move.
    /// </summary>
    public async Task<IReadOnlyList<SoakViolation>> RunAsync(string invariant, CancellationToken cancellationToken)
    {
        for (var read = 1; read <= MaxReads; read++)
        {
            var stock = await RowsAsync("stock:", cancellationToken).ConfigureAwait(false);
            var reservations = await RowsAsync("reservation:", cancellationToken).ConfigureAwait(false);
            var stockAgain = await RowsAsync("stock:", cancellationToken).ConfigureAwait(false);
            if (SameVersions(stock, stockAgain))
            {
                return Violations(invariant, stock, reservations);
            }
        }

        return [new(invariant, $"the Inventory table kept changing over {MaxReads} reads; stock was not audited")];
    }

    private static bool SameVersions(List<TableEntity> first, List<TableEntity> second) =>
        first.Select(r => (r.RowKey, r.ETag)).SequenceEqual(second.Select(r => (r.RowKey, r.ETag)));

    /// <summary>The rows whose key starts with <paramref name="prefix"/> (';' is the character after ':').</summary>
    private async Task<List<TableEntity>> RowsAsync(string prefix, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {prefix[..^1] + ";"}");
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in inventory.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // The table was never created: nothing was reserved.
        }

        return rows;
    }

    private List<SoakViolation> Violations(string invariant, List<TableEntity> stockRows, List<TableEntity> reservations)
    {
        var reserved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reservation in reservations.Where(r => r.GetString("Status") == "Reserved"))
        {
            foreach (var (sku, quantity) in JsonSerializer.Deserialize<Dictionary<string, int>>(reservation.GetString("QuantitiesJson") ?? "{}") ?? [])
            {
                reserved[sku] = reserved.GetValueOrDefault(sku) + quantity;
            }
        }

        var violations = new List<SoakViolation>();
        foreach (var sku in skus)
        {
            var stock = stockRows.FirstOrDefault(r => r.RowKey == "stock:" + sku);
            var available = stock?.GetInt32("Available") ?? seedUnits;
            var held = reserved.GetValueOrDefault(sku);
            if (available < 0 || available + held != seedUnits)
            {
                violations.Add(new(invariant, $"{sku}: seeded {seedUnits}, available {available} + reserved {held} = {available + held}"));
            }
        }

        return violations;
    }
}
