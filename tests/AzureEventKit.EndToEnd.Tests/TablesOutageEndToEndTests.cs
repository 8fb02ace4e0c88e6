using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Projections;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Faults;
using EventKit.Functions.Testing.Local;
using EventKit.ServiceBus.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// A short outage of Azure Tables under the deployed MaxDeliveryCount (infra/servicebus.topology.json) and a short lock:
/// the subscriber backs off before abandoning, so its deliveries outlast the outage and nothing is dead-lettered.
/// Its own stack (Azurite, emulator, only the projection and dead-letter functions), so the outage touches no other test.
/// </summary>
public sealed class TablesOutageEndToEndTests : IAsyncLifetime
{
    /// <summary>Short enough for a test; the deployed lock is 1 minute (docs/architecture.md has the deployed curve).</summary>
    private static readonly TimeSpan TestLock = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);
    private const int Events = 20;

    private readonly DependencyOutage outage = new();
    private LocalApp stack = null!;

    public async ValueTask InitializeAsync() =>
        stack = await LocalApp.StartAsync(new LocalAppOptions
        {
            ServiceBusTopologyPath = Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json"),
            AdjustTopology = topology => topology.WithLockDuration(TestLock),
            StorageConnectionSettings = ["AzureWebJobsStorage", "Tables"],
            ServiceBusConnectionSettings = ["ServiceBus", "AzureWebJobsServiceBus"],
            Host = _ => new FunctionsTestHostOptions
            {
                FunctionsAssembly = typeof(OrderWorkflowServiceCollectionExtensions).Assembly,
                FunctionTypes = { typeof(ProjectOrderTimeline), typeof(RecordDeadLetters) },
                ConfigureServices = (services, configuration) =>
                {
                    services.AddOrderWorkflow(configuration);

                    // TEST-ONLY: the app's own TableServiceClient (AddAzureClients registers it as "Default") gets the outage.
                    services.Configure<TableClientOptions>("Default", options => options.AddPolicy(outage, HttpPipelinePosition.PerCall));
                },
                Settings =
                {
                    // A small back-off curve that fits the 5-second test lock, as the deployed one fits the 1-minute lock.
                    ["Messaging:TransientBackoff:FirstDelay"] = "00:00:00.250",
                    ["Messaging:TransientBackoff:MaxDelay"] = "00:00:02",
                },
            },
        });

    public ValueTask DisposeAsync() => stack.DisposeAsync();

    [Fact]
    public async Task Subscriber_TablesDownForSecondsUnderDeployedDeliveryCount_NothingDeadLetteredAllProcessedAfterRecovery()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var orderIds = Enumerable.Range(0, Events).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        outage.BeginAtFirstRequestFor(Outage);

        await using (var client = new ServiceBusClient(stack.ServiceBus.ConnectionString))
        await using (var sender = client.CreateSender("orders"))
        {
            var mapper = new CloudEventMessageMapper(new MessagingOptions(), TimeProvider.System);
            foreach (var orderId in orderIds)
            {
                var placed = new OrderPlaced(orderId, "outage", "outage@example.com", [new OrderLine("SKU-1", 1, 10m)], 10m, "EUR", DateTimeOffset.UtcNow);
                await sender.SendMessageAsync(mapper.ToMessage(placed, orderId + ":placed"), cancellation);
            }
        }

        // Every event met the outage at least once, then every event reached the read model once Tables came back.
        await Eventually.TrueAsync(() => outage.FailedRequests >= Events, TimeSpan.FromSeconds(30), "every event attempted during the outage");
        var tables = new TableServiceClient(stack.Azurite.ConnectionString);
        await Eventually.TrueAsync(
            async () => await ProjectedAsync(tables, orderIds, cancellation) == Events || stack.ServiceBus.GetCounts("orders/Subscriptions/projections").DeadLetter > 0,
            TimeSpan.FromSeconds(60),
            "all events projected after the outage");

        Assert.Equal(0, stack.ServiceBus.GetCounts("orders/Subscriptions/projections").DeadLetter);
        Assert.Equal(0, await AzuriteRowsAsync(tables.GetTableClient("DeadLetters"), cancellation));
        Assert.Equal(Events, await ProjectedAsync(tables, orderIds, cancellation));
        Assert.False(outage.IsActive);
    }

    private static async Task<int> ProjectedAsync(TableServiceClient tables, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var orders = tables.GetTableClient("Orders");
        var projected = 0;
        foreach (var orderId in orderIds)
        {
            if ((await orders.GetEntityIfExistsAsync<TableEntity>(orderId, "order", ["PartitionKey"], cancellationToken)).HasValue)
            {
                projected++;
            }
        }

        return projected;
    }

    private static async Task<int> AzuriteRowsAsync(TableClient table, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
