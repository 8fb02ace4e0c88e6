using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Local.Soak;
using EventKit.Functions.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The soak's stock invariant read while the app still works (a run that timed out is audited with activities in
/// flight): a reservation released between the audit's reads must not show up as a unit created from nothing.
/// </summary>
public sealed class SoakStockAuditTests
{
    private const string Sku = "SOAK-AUDIT";
    private const int SeedUnits = 2_000;

    /// <summary>More than one page of a table query (1,000 rows), so the reservations and the stock row are not read at once.</summary>
    private const int Reservations = 1_001;

    [Fact]
    public async Task RunAsync_ReleaseCommitsBetweenTheAuditsReads_NoStockViolation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken);
        var (_, inventory) = await StockedInventoryAsync(azurite, cancellationToken);
        for (var order = 0; order < Reservations; order++)
        {
            var outcome = await inventory.ReserveAsync(OrderId(order), [new OrderLine(Sku, 1, 10m)], cancellationToken);
            Assert.True(outcome.IsReserved);
        }

        // The app releases the first order's reservation (one transaction: its stock row and its reservation row) just
        // after the audit's first read has been answered.
        var releaseAfterFirstRead = new AfterFirstResponse(() => inventory.ReleaseAsync(OrderId(0), cancellationToken));
        var options = new TableClientOptions();
        options.AddPolicy(releaseAfterFirstRead, HttpPipelinePosition.PerCall);
        var audited = new TableServiceClient(azurite.ConnectionString, options);

        var violations = await new SoakStockAudit(audited, SeedUnits, [Sku]).RunAsync("stock", cancellationToken);

        Assert.True(releaseAfterFirstRead.Ran);
        Assert.Empty(violations.Select(v => v.Detail));
        Assert.Equal(SeedUnits - Reservations + 1, await inventory.GetAvailableAsync(Sku, cancellationToken));
    }

    [Fact]
    public async Task RunAsync_StockTakenWithoutAReservation_ReportsTheSku()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken);
        var (app, inventory) = await StockedInventoryAsync(azurite, cancellationToken);
        Assert.True((await inventory.ReserveAsync(OrderId(0), [new OrderLine(Sku, 3, 10m)], cancellationToken)).IsReserved);
        var reservation = app.GetTableClient("Inventory");
        await reservation.DeleteEntityAsync("warehouse-main", "reservation:" + OrderId(0), cancellationToken: cancellationToken);

        var violations = await new SoakStockAudit(app, SeedUnits, [Sku]).RunAsync("stock", cancellationToken);

        Assert.Equal([$"{Sku}: seeded {SeedUnits}, available {SeedUnits - 3} + reserved 0 = {SeedUnits - 3}"], violations.Select(v => v.Detail));
    }

    private static string OrderId(int order) => $"order-{order:D5}";

    /// <summary>The app's Inventory table with <see cref="SeedUnits"/> of <see cref="Sku"/>, and the app's reservations over it.</summary>
    private static async Task<(TableServiceClient App, InventoryReservations Inventory)> StockedInventoryAsync(AzuriteServer azurite, CancellationToken cancellationToken)
    {
        var app = new TableServiceClient(azurite.ConnectionString);
        await app.CreateTableIfNotExistsAsync("Inventory", cancellationToken);
        await new InventorySeeder(app, Options.Create(new InventoryOptions { SeedStock = { [Sku] = SeedUnits } })).SeedAsync(cancellationToken);
        return (app, new InventoryReservations(app, TimeProvider.System, NullLogger<InventoryReservations>.Instance));
    }

    /// <summary>Runs an action once, after the first response this client receives and before the caller sees it.</summary>
    private sealed class AfterFirstResponse(Func<Task> action) : HttpPipelinePolicy
    {
        private int ran;

        public bool Ran => ran == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The audit reads asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (Interlocked.Exchange(ref ran, 1) == 0)
            {
                await action();
            }
        }
    }
}
