using System.Collections.Concurrent;
using System.Diagnostics;
using Spectre.Console;

namespace AzureEventKit.Local;

/// <summary>
/// <c>--demo N</c>: places N orders over HTTP, confirms each payment once the saga can take it, and follows every order
/// through GET /api/orders/{id} until it is Completed or Failed (bounded by <c>--timeout</c>), then prints a summary.
/// </summary>
internal static class DemoRunner
{
    private const int MaxInFlight = 16;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(LocalStack stack, int count, TimeSpan timeout, bool stay, CancellationToken cancellationToken)
    {
        using var http = stack.Host.CreateHttpClient();
        var client = new OrdersClient(http, new LocalPaymentProvider(new Azure.Data.Tables.TableServiceClient(stack.Azurite.ConnectionString)));
        var deadLettersBefore = await client.CountDeadLettersAsync(cancellationToken);
        var orders = Enumerable.Range(1, count).Select(i => new DemoOrder(i)).ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.StartNew();

        AnsiConsole.MarkupLine($"[green]Demo:[/] {count} orders against {Markup.Escape(stack.Host.BaseAddress.ToString())} (timeout {timeout:g}).");
        AnsiConsole.MarkupLine($"[bold]Dashboard:[/] {Banner.DashboardLine(stack.Dashboard)}");
        using var gate = new SemaphoreSlim(MaxInFlight);
        var work = Task.WhenAll(orders.Select(order => FollowAsync(client, order, gate, deadline.Token)));
        await AnsiConsole.Live(Render(orders, stack.Log, started.Elapsed)).AutoClear(false).StartAsync(async live =>
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(250, CancellationToken.None));
                live.UpdateTarget(Render(orders, stack.Log, started.Elapsed));
            }

            live.UpdateTarget(Render(orders, stack.Log, started.Elapsed));
        });

        var deadLettered = Math.Max(0, await client.CountDeadLettersAsync(CancellationToken.None) - deadLettersBefore)
            + stack.Emulator.GetAllCounts().Sum(c => (int)c.DeadLetter);
        var exitCode = Summarise(orders, deadLettered, started.Elapsed);
        if (stack.Dashboard.Running is { } dashboard)
        {
            AnsiConsole.MarkupLine(stay
                ? $"Each order is one trace: [link]{Markup.Escape(new Uri(dashboard.Url, "traces").ToString())}[/]. Still running; Ctrl+C stops everything."
                : $"Each order is one trace in the dashboard; it stops with this run (--stay keeps it open: [link]{Markup.Escape(new Uri(dashboard.Url, "traces").ToString())}[/]).");
        }

        return exitCode;
    }

    private static async Task FollowAsync(OrdersClient client, DemoOrder order, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                order.Clock.Start();
                order.Status = "Placing";
                order.Id = await client.PlaceAsync($"demo-{order.Number:000}", ExampleValues.Order($"demo-{order.Number:000}", order.Number), cancellationToken);
                order.Status = "Placed";
            }
            finally
            {
                gate.Release();
            }

            while (true)
            {
                var view = await client.GetAsync(order.Id, cancellationToken);
                if (view is not null)
                {
                    order.Status = view.Status;
                    order.Reason = view.FailureReason;
                    if (view.IsFinished)
                    {
                        order.Clock.Stop();
                        return;
                    }

                    // The saga takes the confirmation once the payment is authorized (the read model says so first).
                    if (!order.Confirmed && view.Status == "PaymentAuthorized")
                    {
                        order.Confirmed = await client.TryConfirmPaymentAsync(order.Id, cancellationToken);
                    }
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            order.Status = order.Id is null ? "Not placed" : $"Timed out ({order.Status})";
        }
        catch (HttpRequestException exception)
        {
            order.Status = "Error";
            order.Reason = exception.Message;
        }
    }

    private static Rows Render(IReadOnlyList<DemoOrder> orders, LiveLog log, TimeSpan elapsed)
    {
        var byStatus = orders.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}");
        var table = new Table().Border(TableBorder.Rounded).Title($"Orders ({elapsed.TotalSeconds:F0}s)")
            .AddColumn("#").AddColumn("Order").AddColumn("Status").AddColumn("Payment").AddColumn(new TableColumn("Elapsed").RightAligned());
        foreach (var order in orders.OrderByDescending(o => o.Clock.IsRunning).ThenByDescending(o => o.Number).Take(15))
        {
            var color = order.Status switch { "Completed" => "green", "Failed" => "red", _ when order.Status.StartsWith("Timed", StringComparison.Ordinal) => "red", _ => "yellow" };
            table.AddRow(
                order.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(order.Id ?? "-"),
                $"[{color}]{Markup.Escape(order.Status)}[/]" + (order.Reason is null ? string.Empty : $" [grey]{Markup.Escape(order.Reason)}[/]"),
                order.Confirmed ? "confirmed" : "-",
                $"{order.Clock.Elapsed.TotalMilliseconds:F0} ms");
        }

        var logLines = log.Recent(8).Select(l => new Markup($"[grey]{Markup.Escape(l.Length > 160 ? l[..160] + "…" : l)}[/]"));
        return new Rows(
            new Markup($"[bold]{Markup.Escape(string.Join("   ", byStatus))}[/]"),
            table,
            new Panel(new Rows(logLines)).Header("live log").BorderColor(Color.Grey));
    }

    private static int Summarise(IReadOnlyList<DemoOrder> orders, int deadLettered, TimeSpan elapsed)
    {
        var completed = orders.Count(o => o.Status == "Completed");
        var failed = orders.Where(o => o.Status == "Failed").ToList();
        var unaccounted = orders.Count - completed - failed.Count;
        var durations = orders.Where(o => o.Status is "Completed" or "Failed").Select(o => o.Clock.Elapsed.TotalMilliseconds).Order().ToArray();

        var summary = new Table().Border(TableBorder.Rounded).Title("Summary").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        summary.AddRow("Orders", orders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.AddRow("[green]Completed[/]", completed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.AddRow("[red]Failed[/]", failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var reason in failed.GroupBy(o => o.Reason ?? "unknown"))
        {
            summary.AddRow($"  [grey]{Markup.Escape(reason.Key)}[/]", reason.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        summary.AddRow("Dead-lettered messages", deadLettered.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.AddRow(unaccounted == 0 ? "Unaccounted" : "[red]Unaccounted[/]", unaccounted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.AddRow("End-to-end p50", durations.Length == 0 ? "-" : $"{Percentile(durations, 0.50):F0} ms");
        summary.AddRow("End-to-end p95", durations.Length == 0 ? "-" : $"{Percentile(durations, 0.95):F0} ms");
        summary.AddRow("Wall clock", $"{elapsed.TotalSeconds:F1} s");
        AnsiConsole.Write(summary);
        return unaccounted == 0 ? 0 : 1;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class DemoOrder(int number)
    {
        public int Number { get; } = number;

        public string? Id { get; set; }

        public string Status { get; set; } = "Queued";

        public string? Reason { get; set; }

        public bool Confirmed { get; set; }

        public Stopwatch Clock { get; } = new();
    }
}
