using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AzureEventKit.Local.Soak;

/// <summary>The soak's verdict: a table for people, a JSON summary for pipelines, and an exit code (0 only when every invariant held).</summary>
internal static class SoakReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static object Summary(SoakResult result)
    {
        var orders = result.Orders;
        var accepted = orders.Where(o => o.Id is not null).ToList();
        var latencies = accepted.Where(o => o.IsFinished).Select(o => o.Clock.Elapsed.TotalMilliseconds).Order().ToArray();
        var acceptances = accepted.Select(o => o.AcceptedAfter!.Value.TotalMilliseconds).Order().ToArray();
        var notPlaced = orders.Count(o => o.Id is null && o.Status is "Queued" or "NotPlaced");
        return new
        {
            passed = result.Passed,
            timedOut = result.TimedOut,
            orders = orders.Count,
            accepted = accepted.Count,
            notAccepted = orders.Count - accepted.Count - notPlaced,
            // Orders the time ran out on before the API accepted or refused them (0 unless timedOut).
            notPlaced,
            completed = accepted.Count(o => o.Status == "Completed"),
            failed = accepted.Count(o => o.Status == "Failed"),
            needsAttention = accepted.Count(o => o.Status == "NeedsAttention"),
            unfinished = accepted.Count(o => !o.IsFinished),
            withIdempotencyKey = orders.Count(o => o.Kind.IdempotencyKey),
            duplicated = orders.Count(o => o.Kind.Duplicated),
            retried = orders.Count(o => o.Kind.Retried),
            latePayments = orders.Count(o => o.Kind.Payment == SoakPayment.Late),
            declinedByWebhook = orders.Count(o => o.Kind.Payment == SoakPayment.DeclinedByWebhook),
            declinedByGateway = orders.Count(o => o.Kind.Payment == SoakPayment.DeclinedByGateway),
            poisonSent = result.PoisonSent,
            faults = result.FaultsInjected,
            captured = result.Audit.Captured,
            voided = result.Audit.Voided,
            shipments = result.Audit.Shipments,
            notifications = result.Audit.Notifications,
            deadLettersRecorded = result.Audit.DeadLettersRecorded,
            deadLetterReasons = result.Audit.DeadLetterReasons,
            quiescent = result.Quiescent,
            ordersFinishedSeconds = Math.Round(result.UntilOrdersFinished.TotalSeconds, 1),
            wallClockSeconds = Math.Round(result.WallClock.TotalSeconds, 1),
            ordersPerSecond = Math.Round(accepted.Count / Math.Max(result.WallClock.TotalSeconds, 0.001), 2),
            latencyMs = new
            {
                p50 = Percentile(latencies, 0.50),
                p95 = Percentile(latencies, 0.95),
                p99 = Percentile(latencies, 0.99),
            },
            // Where the time goes: how long the API took to accept (retries through the outage and the crash included),
            // and the median latency of each tenth of the orders in placement order (the faults fire at fixed shares).
            acceptanceMs = new
            {
                p50 = Percentile(acceptances, 0.50),
                p95 = Percentile(acceptances, 0.95),
            },
            medianLatencyByTenthMs = Enumerable.Range(0, 10)
                .Select(tenth => Percentile([.. accepted.Where(o => o.IsFinished && (o.Number - 1) * 10 / orders.Count == tenth).Select(o => o.Clock.Elapsed.TotalMilliseconds).Order()], 0.50))
                .ToArray(),
            invariants = result.Audit.Invariants,
            violations = result.Audit.Violations.Select(v => new { v.Invariant, v.Detail }),
        };
    }

    public static string Json(SoakResult result) => JsonSerializer.Serialize(Summary(result), JsonOptions);

    /// <summary>Prints the table and the JSON summary; returns the exit code.</summary>
    public static int Print(SoakResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(result.Passed ? "[green]Soak passed[/]" : "[red]Soak failed[/]")
            .AddColumn("Invariant").AddColumn(new TableColumn("Violations").RightAligned());
        foreach (var invariant in result.Audit.Invariants)
        {
            var count = result.Audit.Violations.Count(v => v.Invariant == invariant);
            table.AddRow(Markup.Escape(invariant), count == 0 ? "[green]0[/]" : $"[red]{count}[/]");
        }

        table.AddRow("Finished within the timeout", result.TimedOut ? "[red]no[/]" : "[green]yes[/]");
        table.AddRow("Service Bus quiescent at the end", result.Quiescent ? "[green]yes[/]" : "[red]no[/]");
        table.AddRow("Every scheduled fault injected", result.FaultsInjected.Count == result.FaultsScheduled.Count ? "[green]yes[/]" : $"[red]{result.FaultsInjected.Count}/{result.FaultsScheduled.Count}[/]");
        AnsiConsole.Write(table);
        foreach (var violation in result.Audit.Violations.Take(20))
        {
            AnsiConsole.MarkupLine($"[red]✗[/] {Markup.Escape(violation.Detail)}");
        }

        // Plain output: the console's line wrapping must not break the JSON a pipeline reads.
        Console.Out.WriteLine(Json(result));
        return result.Passed ? 0 : 1;
    }

    /// <summary>Nearest-rank percentile of sorted values, rounded to the millisecond; 0 when there are none.</summary>
    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)]);
}
