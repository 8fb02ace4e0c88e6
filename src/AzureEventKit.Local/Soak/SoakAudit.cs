using Azure.Data.Tables;

namespace AzureEventKit.Local.Soak;

/// <summary>
/// The soak's invariants, read from the app's own tables after quiescence: every accepted order finished; stock
/// conserved per SKU; one capture per completed order and a void for every failed order that was authorized; one
/// shipment and one notification per order despite duplicate deliveries; duplicates and retries got the same order;
/// every dead-lettered message recorded with a reason, and only the poison ones dead-lettered.
/// </summary>
internal sealed class SoakAudit(LocalStack stack, SoakOptions options)
{
    public static readonly IReadOnlyList<string> InvariantNames =
    [
        "every accepted order finished (Completed, Failed or NeedsAttention)",
        "a duplicated or retried POST with the same Idempotency-Key got the same order",
        "stock conserved per SKU (seeded = available + reserved) and never negative",
        "one capture per completed order; none for a failed one; a void for every failed order that was authorized",
        "one shipment per completed order, none for a failed one",
        "one notification per finished order despite duplicate deliveries",
        "every dead-lettered message recorded with a reason; only poison messages dead-lettered",
    ];

    private readonly TableServiceClient tables = new(stack.Azurite.ConnectionString);

    public async Task<SoakAuditResult> RunAsync(IReadOnlyList<SoakOrder> orders, int poisonSent, CancellationToken cancellationToken)
    {
        var violations = new List<SoakViolation>();
        var accepted = orders.Where(o => o.Id is not null).ToList();
        var orderRows = (await RowsAsync("Orders", cancellationToken).ConfigureAwait(false)).ToLookup(r => r.PartitionKey);
        var paymentRows = (await RowsAsync("Payments", cancellationToken).ConfigureAwait(false)).ToLookup(r => r.PartitionKey);
        foreach (var order in accepted.Where(o => !o.IsFinished))
        {
            // The evidence to start from: which rows the order has, and where its payment stands.
            var rows = string.Join(",", orderRows[order.Id!].GroupBy(r => r.RowKey.Split('|')[0]).Select(g => $"{g.Key}×{g.Count()}"));
            var summary = orderRows[order.Id!].FirstOrDefault(r => r.RowKey == "order")?.GetString("Status") ?? "none";
            var payment = paymentRows[order.Id!].FirstOrDefault()?.GetString("Status") ?? "none";
            violations.Add(new(InvariantNames[0], $"order {order.Id} (#{order.Number}, {order.Kind.Payment}) ended {order.Status}; summary {summary}, Orders rows [{rows}], payment {payment}"));
        }

        foreach (var order in accepted.Where(o => o.EchoedIds.Any(id => id != o.Id)))
        {
            violations.Add(new(InvariantNames[1], $"order #{order.Number}: {order.Id} and {string.Join(", ", order.EchoedIds.Where(id => id != order.Id))}"));
        }

        violations.AddRange(await new SoakStockAudit(tables, options.SeedUnits, ExampleValues.Catalogue.Select(item => item.Sku))
            .RunAsync(InvariantNames[2], cancellationToken).ConfigureAwait(false));
        var payments = await RowsAsync("Payments", cancellationToken).ConfigureAwait(false);
        var shipments = await RowsAsync("Shipments", cancellationToken).ConfigureAwait(false);
        var notifications = (await RowsAsync("Notifications", cancellationToken).ConfigureAwait(false))
            .Where(e => !e.RowKey.StartsWith("ledger|", StringComparison.Ordinal) && e.RowKey != "recipient").ToList();
        var paymentsByOrder = payments.ToLookup(p => p.PartitionKey);
        var shipmentsByOrder = shipments.ToLookup(s => s.PartitionKey);
        var notificationsByOrder = notifications.ToLookup(n => n.PartitionKey);
        foreach (var order in accepted.Where(o => o.IsFinished))
        {
            var id = order.Id!;
            var payment = paymentsByOrder[id].ToList();
            var status = payment.Count == 1 ? payment[0].GetString("Status") : null;
            if (payment.Count > 1)
            {
                violations.Add(new(InvariantNames[3], $"order {id} has {payment.Count} payment rows"));
            }

            if (order.Status == "Completed" && status != "Captured")
            {
                violations.Add(new(InvariantNames[3], $"completed order {id}: payment {status ?? "missing"}, not Captured"));
            }

            if (order.Status == "Failed" && status is "Captured" or "Authorized")
            {
                violations.Add(new(InvariantNames[3], $"failed order {id}: payment {status} (a failed order that was authorized must be Voided)"));
            }

            var shipped = shipmentsByOrder[id].Count();
            if ((order.Status == "Completed" && shipped != 1) || (order.Status == "Failed" && shipped != 0))
            {
                violations.Add(new(InvariantNames[4], $"{order.Status} order {id} has {shipped} shipments"));
            }

            var notified = notificationsByOrder[id].Count();
            if (order.Status is "Completed" or "Failed" && notified != 1)
            {
                violations.Add(new(InvariantNames[5], $"{order.Status} order {id} has {notified} notifications"));
            }
        }

        var deadLetters = await RowsAsync("DeadLetters", cancellationToken).ConfigureAwait(false);
        foreach (var row in deadLetters.Where(r => string.IsNullOrEmpty(r.GetString("DeadLetterReason"))))
        {
            violations.Add(new(InvariantNames[6], $"dead letter {row.GetString("MessageId")} in {row.PartitionKey} has no reason"));
        }

        foreach (var row in deadLetters.Where(r => r.GetString("MessageId")?.StartsWith("soak-poison-", StringComparison.Ordinal) != true))
        {
            violations.Add(new(InvariantNames[6], $"a real message was dead-lettered: {row.GetString("MessageId")} in {row.PartitionKey} ({row.GetString("DeadLetterReason")}: {row.GetString("DeadLetterErrorDescription")})"));
        }

        var poisonRecorded = deadLetters.Count(r => r.GetString("MessageId")?.StartsWith("soak-poison-", StringComparison.Ordinal) == true);
        const int SubscribersPerPoison = 3;
        if (poisonRecorded != poisonSent * SubscribersPerPoison)
        {
            violations.Add(new(InvariantNames[6], $"{poisonSent} poison messages reach 3 subscribers each, but {poisonRecorded} dead letters of them were recorded"));
        }

        foreach (var counts in stack.Emulator.GetAllCounts().Where(c => c.DeadLetter > 0))
        {
            violations.Add(new(InvariantNames[6], $"{counts.Path} still holds {counts.DeadLetter} unrecorded dead letters"));
        }

        return new SoakAuditResult(
            InvariantNames,
            violations,
            payments.Count(p => p.GetString("Status") == "Captured"),
            payments.Count(p => p.GetString("Status") == "Voided"),
            shipments.Count,
            notifications.Count,
            deadLetters.Count,
            deadLetters.GroupBy(r => r.GetString("DeadLetterReason") ?? "(none)").ToDictionary(g => g.Key, g => g.Count()));
    }

    private async Task<List<TableEntity>> RowsAsync(string table, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // The table was never created: nothing of that kind happened.
        }

        return rows;
    }
}
