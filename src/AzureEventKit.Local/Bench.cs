using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace AzureEventKit.Local;

/// <summary>
/// <c>--bench</c>: start-up time of each part (the functions host is restarted 5 times over running Azurite and emulator;
/// the first start includes JIT), then end-to-end latency of sequential orders (place → Completed, payment confirmed as
/// soon as the saga accepts it), then of a burst of orders placed at once. Prints Markdown for docs/local-host.md.
/// </summary>
internal static class Bench
{
    private const int HostRestarts = 5;

    public static async Task<int> RunAsync(LocalOptions options, int orders, int concurrent, CancellationToken cancellationToken)
    {
        var quiet = options with { HttpPort = 0, Quiet = true, Dashboard = false };
        var process = Stopwatch.StartNew();
        await using var stack = await LocalStack.StartAsync(quiet, cancellationToken);
        var firstReady = process.Elapsed;
        var hostStarts = new List<double> { stack.Timings.Host.TotalMilliseconds };
        for (var i = 1; i < HostRestarts; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var extra = await LocalStack.StartHostAsync(stack.Azurite, stack.Emulator, quiet, stack.Log, cancellationToken);
            hostStarts.Add(clock.Elapsed.TotalMilliseconds);
        }

        using var http = stack.Host.CreateHttpClient();
        var client = new OrdersClient(http, new LocalPaymentProvider(new Azure.Data.Tables.TableServiceClient(stack.Azurite.ConnectionString)));
        var placeLatency = new List<double>();
        var endToEnd = new List<double>();
        var failed = 0;
        for (var i = 0; i < orders; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = await client.PlaceAsync($"bench-{i:000}", ExampleValues.Order($"bench-{i:000}", i), cancellationToken);
            placeLatency.Add(clock.Elapsed.TotalMilliseconds);
            failed += await FollowAsync(client, id, TimeSpan.FromMilliseconds(20), cancellationToken) ? 0 : 1;
            endToEnd.Add(clock.Elapsed.TotalMilliseconds);
        }

        // The same flow for a burst of orders placed at once, as --demo does.
        var burstClock = Stopwatch.StartNew();
        var burst = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var id = await client.PlaceAsync($"burst-{i:000}", ExampleValues.Order($"burst-{i:000}", i), cancellationToken);
            // Every poll is an HTTP request and a table read, competing for the same two cores and the same Azurite as
            // the orders it measures: at 100 ms, 50 orders made 500 polls a second, 45 % of all Azurite requests of
            // a bench run. 250 ms costs at most a quarter second of resolution (and of the payment confirmation's start).
            var completed = await FollowAsync(client, id, TimeSpan.FromMilliseconds(250), cancellationToken);
            return (Completed: completed, Milliseconds: clock.Elapsed.TotalMilliseconds);
        }));
        var burstWall = burstClock.Elapsed;
        var burstSorted = burst.Select(static b => b.Milliseconds).Order().ToArray();
        failed += burst.Count(static b => !b.Completed);

        var sortedHost = hostStarts.Skip(1).Order().ToArray();
        var e2e = endToEnd.Skip(1).Order().ToArray();
        var place = placeLatency.Skip(1).Order().ToArray();
        var markdown = string.Join(Environment.NewLine, new[]
        {
            $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Durable backend {options.Durable}, `dotnet run --project src/AzureEventKit.Local -c Release -- --bench{(options.Durable == EventKit.Functions.Testing.Durable.DurableBackend.InMemory ? " --durable memory" : string.Empty)}`",
            string.Empty,
            "| What | Time |",
            "| --- | --- |",
            $"| Azurite ready (process start to 3 ports accepting) | {stack.Timings.Azurite.TotalMilliseconds:F0} ms |",
            $"| Service Bus emulator ready | {stack.Timings.ServiceBus.TotalMilliseconds:F0} ms |",
            $"| Functions host, first start in the process (discovery, DI, Kestrel, Durable, {stack.Host.Functions.Count} functions) | {hostStarts[0]:F0} ms |",
            $"| Functions host, warm restart (median of {sortedHost.Length}) | {Median(sortedHost):F0} ms |",
            $"| Everything ready, from process start of the run command's stack | {firstReady.TotalMilliseconds:F0} ms |",
            $"| POST /api/orders answered (p50 / p95 of {place.Length}) | {P(place, 0.5):F0} / {P(place, 0.95):F0} ms |",
            $"| Order placed → Completed, end to end (p50 / p95 / max of {e2e.Length}; first order excluded: {endToEnd[0]:F0} ms) | {P(e2e, 0.5):F0} / {P(e2e, 0.95):F0} / {e2e[^1]:F0} ms |",
            $"| {concurrent} orders placed at once → all finished, wall clock | {burstWall.TotalMilliseconds:F0} ms |",
            $"| {concurrent} orders placed at once, each placed → Completed (p50 / p95 / max) | {P(burstSorted, 0.5):F0} / {P(burstSorted, 0.95):F0} / {burstSorted[^1]:F0} ms |",
            $"| Orders that failed instead of completing | {failed} |",
        });
        Console.WriteLine(markdown);
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Polls the order until it finishes, confirming its payment once the saga waits for it; true when it completed.</summary>
    private static async Task<bool> FollowAsync(OrdersClient client, string id, TimeSpan poll, CancellationToken cancellationToken)
    {
        var confirmed = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while (true)
        {
            var view = await client.GetAsync(id, timeout.Token);
            if (view is { IsFinished: true })
            {
                return !view.IsFailed;
            }

            if (!confirmed && view?.Status == "PaymentAuthorized")
            {
                confirmed = await client.TryConfirmPaymentAsync(id, timeout.Token);
            }

            await Task.Delay(poll, timeout.Token);
        }
    }

    private static double Median(double[] sorted) => sorted.Length == 0 ? double.NaN : P(sorted, 0.5);

    private static double P(double[] sorted, double percentile) => DemoRunner.Percentile(sorted, percentile);

    internal static string Format(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
