using Azure.Data.Tables;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// Restart survival of the whole local stack: the run command (<c>--data-dir</c>) in a process of its own, killed while
/// orders are in flight, and started again over the same directory. Azurite kept its data on disk, the Service Bus
/// emulator its journal, so every accepted order finishes under the second process, exactly once.
/// </summary>
public sealed class KillAndRestartEndToEndTests : IDisposable
{
    private const string Sku = "E2E-KILL";
    private const int Stock = 100;
    private const int Orders = 16;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DurableVisibilityTimeout = TimeSpan.FromSeconds(20);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> lastAnswers = new(StringComparer.Ordinal);
    private bool keepData;
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "eventkit-kill-" + Guid.NewGuid().ToString("N"));

    /// <remarks>
    /// The process is killed (SIGKILL: no shutdown code runs) once the first order has completed while the rest are
    /// anywhere before that: half of them cannot complete, because their payments are confirmed only after the restart.
    /// So Service Bus messages are queued and locked, and Durable work is half done, at the kill.
    /// </remarks>
    [Fact]
    public async Task RunCommandKilledWithOrdersInFlight_StartedAgainOnSameDataDirectory_CompletesEveryOrderExactlyOnce()
    {
        using var within = Eventually.Within(Deadline);
        string[] ids;
        Dictionary<string, string> owners;
        var port = FreePort();
        var first = await StartAsync(port, within.Token);
        await using (first)
        {
            using var api = new OrdersApi(first.Functions, first.FunctionKey, new TableServiceClient(first.Storage));
            ids = await Task.WhenAll(Enumerable.Range(0, Orders).Select(i => api.PlaceAsync(OrdersApi.NewOrder($"e2e-kill-{i:00}", Sku), within.Token)));
            owners = new Dictionary<string, string>(api.Owners);
            var confirmedFirst = ids.Take(Orders / 2).ToArray();
            using var stopConfirming = CancellationTokenSource.CreateLinkedTokenSource(within.Token);
            var confirming = Task.WhenAll(confirmedFirst.Select(id => ConfirmWhenAuthorizedAsync(api, id, stopConfirming.Token)));

            await Eventually.TrueAsync(async () => await AnyCompletedAsync(api, confirmedFirst, within.Token), Deadline, $"a first order completed before the kill; the run command's output: {first.SaveOutput()}");
            await first.KillAsync(TimeSpan.FromSeconds(30), within.Token);
            await stopConfirming.CancelAsync();
            await confirming.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await using var second = await StartAsync(port, within.Token);
        try
        {
            await FinishAndAuditAsync(second, ids, owners, within.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // Keep what a person needs to see why: both processes' output and the data both lifetimes wrote.
            keepData = true;
            throw new Xunit.Sdk.XunitException($"{exception.Message}{Environment.NewLine}The run command's output: {first.SaveOutput()} (before the kill), {second.SaveOutput()} (after); its data: {dataDirectory}", exception);
        }
    }

    public void Dispose()
    {
        if (!keepData && Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private async Task FinishAndAuditAsync(RunCommandProcess second, string[] ids, Dictionary<string, string> owners, CancellationToken cancellationToken)
    {
        var tables = new TableServiceClient(second.Storage);
        using (var api = new OrdersApi(second.Functions, second.FunctionKey, tables))
        {
            foreach (var (id, customer) in owners)
            {
                api.Adopt(id, customer);
            }

            try
            {
                await Task.WhenAll(ids.Select(id => ConfirmWhenAuthorizedAsync(api, id, cancellationToken)));
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Not every order completed under the second process: {string.Join(", ", await StatusesAsync(api, ids))}{Environment.NewLine}Last webhook answers: {string.Join(", ", lastAnswers.Select(a => $"{a.Key}: {a.Value}"))}");
            }

            string[] NotNotified() => [.. ids.Where(id => !Rows(tables, "Notifications", id).Any(IsNotification))];
            try
            {
                await Eventually.TrueAsync(() => NotNotified().Length == 0, Deadline, "every customer notified (OrderCompleted reaches the notifier over Service Bus)");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Assert.Fail($"{exception.Message}; not notified: {string.Join(", ", NotNotified())}; statuses: {string.Join(", ", await StatusesAsync(api, ids))}");
            }

            await Eventually.TrueAsync(async () => (await StatusesAsync(api, ids)).All(s => s.EndsWith(": Completed", StringComparison.Ordinal)), Deadline, "every order's read model says Completed");
            Assert.DoesNotContain((await api.GetDeadLettersAsync(cancellationToken)).EnumerateArray(), d => ids.Contains(OrdersApi.Find(d, "correlationId")?.GetString()));
        }

        foreach (var id in ids)
        {
            var payment = Assert.Single(Rows(tables, "Payments", id));
            Assert.Equal("Captured", payment.GetString("Status"));
            Assert.Single(Rows(tables, "Shipments", id));
            Assert.Single(Rows(tables, "Notifications", id), IsNotification);
        }

        var stock = await tables.GetTableClient("Inventory").GetEntityAsync<TableEntity>("warehouse-main", "stock:" + Sku, cancellationToken: cancellationToken);
        Assert.Equal(Stock - Orders, stock.Value.GetInt32("Available"));
    }

    private Task<RunCommandProcess> StartAsync(int port, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "--data-dir", dataDirectory,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--setting", $"PaymentWebhook:SigningSecret={OrdersApi.WebhookSecret}",
            "--setting", $"Fulfillment:PaymentConfirmationTimeout={TimeSpan.FromMinutes(5):c}",

            // The Durable work the killed process had taken comes back after this long (Azure's default: 5 minutes).
            "--durable-visibility-timeout", DurableVisibilityTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            .. EndToEndFixture.CatalogueSettings([(Sku, EndToEndFixture.UnitPrice, Stock)]).SelectMany(s => new[] { "--setting", $"{s.Key}={s.Value}" }),
        ];
        return RunCommandProcess.StartAsync(arguments, StartTimeout, cancellationToken);
    }

    /// <summary>Confirms the order's payment once the saga has authorized it, and returns when the order has completed.</summary>
    private async Task ConfirmWhenAuthorizedAsync(OrdersApi api, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var status = OrdersApi.Status(await api.GetOrderAsync(id, cancellationToken));

                // The read model lags behind the saga (OrderCompleted reaches the projector over Service Bus); the
                // capture, the saga's last effect before OrderCompleted, ends the confirming. The read model is checked after.
                if (status == "Completed" || await CapturedAsync(api, id, cancellationToken))
                {
                    return;
                }

                Assert.NotEqual("Failed", status);
                if (status == "PaymentAuthorized")
                {
                    var (answer, detail) = await api.ConfirmPaymentWithDetailAsync(id, cancellationToken);
                    lastAnswers[id] = $"{(int)answer} {detail}";
                }
            }
            catch (HttpRequestException)
            {
                // The process was killed under this call; the caller stops confirming.
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<bool> CapturedAsync(OrdersApi api, string id, CancellationToken cancellationToken) =>
        await api.PaymentStatusAsync(id, cancellationToken) == "Captured";

    private static async Task<bool> AnyCompletedAsync(OrdersApi api, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            if (OrdersApi.Status(await api.GetOrderAsync(id, cancellationToken)) == "Completed")
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<List<string>> StatusesAsync(OrdersApi api, IEnumerable<string> ids)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var statuses = new List<string>();
        foreach (var id in ids)
        {
            statuses.Add($"{id}: {OrdersApi.Status(await api.GetOrderAsync(id, budget.Token))}");
        }

        return statuses;
    }

    private static bool IsNotification(TableEntity row) => !row.RowKey.StartsWith("ledger|", StringComparison.Ordinal) && row.RowKey != "recipient";

    private static List<TableEntity> Rows(TableServiceClient tables, string table, string orderId) =>
        [.. tables.GetTableClient(table).Query<TableEntity>(e => e.PartitionKey == orderId)];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
