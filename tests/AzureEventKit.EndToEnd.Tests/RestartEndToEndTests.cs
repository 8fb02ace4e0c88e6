using Azure.Data.Tables;
using AzureEventKit.Functions;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Azurite;
using EventKit.ServiceBus.Emulator;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// Restart survival: two lifetimes of the app's host over one Azurite and one Service Bus emulator, as when the process is
/// restarted. Durable state lives in the Azure Storage task hub and messages in the emulator, so orders that were in
/// flight when the first host went away finish under the second, each exactly once.
/// </summary>
public sealed class RestartEndToEndTests : IAsyncLifetime
{
    private const string Sku = "E2E-RESTART";
    private const int Stock = 100;
    private const int Orders = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly string[] Subscriptions = ["fulfillment", "projections", "notifications"];

    private AzuriteServer azurite = null!;
    private ServiceBusEmulator emulator = null!;

    public async ValueTask InitializeAsync()
    {
        azurite = await AzuriteServer.StartAsync();
        emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions
        {
            Port = 0,
            InspectionPort = -1,
            Topology = EmulatorTopology.Load(Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json")),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await emulator.DisposeAsync();
        await azurite.DisposeAsync();
    }

    /// <remarks>
    /// The first host goes away while every saga waits for its payment (Durable state in flight: history, the external
    /// event wait and the payment timeout's timer message) and Service Bus is quiet. Disposing a host while Service Bus
    /// deliveries are in flight is not covered here: a message being processed then can be dead-lettered
    /// (MaxDeliveryCountExceeded after one invocation), a known kit/emulator shutdown issue.
    /// </remarks>
    [Fact]
    public async Task HostDisposedWithOrdersAwaitingPayment_NextHostOnSameStorage_CompletesEveryOrderExactlyOnce()
    {
        using var within = Eventually.Within(Deadline);
        string[] ids;
        IReadOnlyDictionary<string, string> owners;
        await using (var first = await StartHostAsync())
        {
            using var api = new OrdersApi(first, new TableServiceClient(azurite.ConnectionString));
            ids = await Task.WhenAll(Enumerable.Range(0, Orders).Select(i => api.PlaceAsync(OrdersApi.NewOrder($"e2e-restart-{i:00}", Sku), within.Token)));
            owners = new Dictionary<string, string>(api.Owners);
            await Eventually.TrueAsync(async () => (await StatusesAsync(api, ids, within.Token)).All(s => s.Status == "PaymentAuthorized"), Deadline, "every saga waiting for its payment");
            await Eventually.TrueAsync(() => Subscriptions.All(s => emulator.GetCounts($"orders/Subscriptions/{s}").Active == 0), Deadline, "Service Bus quiet");
            foreach (var id in ids)
            {
                Assert.Equal(OrchestrationRuntimeStatus.Running, (await first.DurableClient.GetInstanceAsync(id, within.Token))?.RuntimeStatus);
            }
        }

        await using var second = await StartHostAsync();
        using (var api = new OrdersApi(second, new TableServiceClient(azurite.ConnectionString)))
        {
            foreach (var (id, customer) in owners)
            {
                api.Adopt(id, customer);
            }

            await Task.WhenAll(ids.Select(id => api.ConfirmWhenAcceptedAsync(id, within.Token)));
            await Eventually.TrueAsync(async () => (await StatusesAsync(api, ids, within.Token)).All(s => s.Status == "Completed"), Deadline, "every order completed under the second host");
        }

        var tables = new TableServiceClient(azurite.ConnectionString);
        await Eventually.TrueAsync(() => ids.All(id => Notifications(tables, id).Count > 0), Deadline, "every customer notified (OrderCompleted reaches the notifier over Service Bus)");
        foreach (var id in ids)
        {
            var instance = await second.DurableClient.GetInstanceAsync(id, within.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance?.RuntimeStatus);
            Assert.Single(Notifications(tables, id));
            var payment = Assert.Single(Rows(tables, "Payments", id));
            Assert.Equal("Captured", payment.GetString("Status")); // Captured once the shipment was booked.
            Assert.Single(Rows(tables, "Shipments", id));
        }

        var stock = await tables.GetTableClient("Inventory").GetEntityAsync<TableEntity>("warehouse-main", "stock:" + Sku, cancellationToken: within.Token);
        Assert.Equal(Stock - Orders, stock.Value.GetInt32("Available"));
    }

    private static List<TableEntity> Rows(TableServiceClient tables, string table, string orderId) =>
        [.. tables.GetTableClient(table).Query<TableEntity>(e => e.PartitionKey == orderId)];

    private static List<TableEntity> Notifications(TableServiceClient tables, string orderId) =>
        [.. Rows(tables, "Notifications", orderId).Where(e => !e.RowKey.StartsWith("ledger|", StringComparison.Ordinal) && e.RowKey != "recipient")];

    private static async Task<List<(string Id, string? Status)>> StatusesAsync(OrdersApi api, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var statuses = new List<(string, string?)>();
        foreach (var id in ids)
        {
            statuses.Add((id, OrdersApi.Status(await api.GetOrderAsync(id, cancellationToken))));
        }

        return statuses;
    }

    // Both lifetimes run the app exactly as the run command does, on host.json's task hub in the shared Azurite.
    private Task<FunctionsTestHost> StartHostAsync()
    {
        var options = new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(OrderWorkflowServiceCollectionExtensions).Assembly,
            ConfigureServices = (services, configuration) => services.AddOrderWorkflow(configuration),
            ConfigureLogging = logging =>
            {
                // Set EVENTKIT_TEST_LOGS=1 to see the app's and the host's log while debugging this test.
                if (Environment.GetEnvironmentVariable("EVENTKIT_TEST_LOGS") == "1")
                {
                    logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Azure", LogLevel.Warning);
                }
            },
            Settings =
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Tables"] = azurite.ConnectionString,
                ["ServiceBus"] = emulator.ConnectionString,
                ["AzureWebJobsServiceBus"] = emulator.ConnectionString,
                ["Fulfillment:PaymentConfirmationTimeout"] = TimeSpan.FromMinutes(5).ToString("c"),
                ["PaymentWebhook:SigningSecret"] = OrdersApi.WebhookSecret,
            },
        };
        foreach (var (key, value) in EndToEndFixture.CatalogueSettings([(Sku, EndToEndFixture.UnitPrice, Stock)]))
        {
            options.Settings[key] = value;
        }

        return FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);
    }
}
