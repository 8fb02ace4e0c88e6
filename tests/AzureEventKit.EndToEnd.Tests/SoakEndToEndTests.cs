using AzureEventKit.Local;
using AzureEventKit.Local.Soak;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// The chaos soak of docs/reliability.md, small enough for every CI run: 200 orders through the whole local stack
/// (Azurite, the Service Bus emulator, the functions on the in-process host, Durable on the Azure Storage backend) while
/// every fault of the soak's schedule fires once, the host crash and the Tables outage included; then the audit of the
/// app's own tables. The long run is <c>dotnet run -c Release --project src/AzureEventKit.Local -- --soak 2000</c>.
/// </summary>
public sealed class SoakEndToEndTests
{
    private const int Orders = 200;

    /// <summary>
    /// Generous for a loaded CI machine; a quiet one finishes in under a minute and a half, most of it the Durable pipeline
    /// on Azurite and the work the crashed host held. Hitting it fails the test and prints what was unfinished.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task RunSoakAsync_200OrdersUnderEveryFault_NoInvariantIsBroken()
    {
        var output = TestContext.Current.TestOutputHelper!;
        using var log = new StringWriter();
        var local = new LocalOptions(HttpPort: 0, Settings: new Dictionary<string, string>(), Quiet: true, Dashboard: false) { WellKnownPorts = false };

        var result = await SoakCommand.RunSoakAsync(local, new SoakOptions(Orders, OrdersPerSecond: 25, Callers: 256, Timeout), log, TestContext.Current.CancellationToken);

        output.WriteLine(log.ToString());
        output.WriteLine(SoakReport.Json(result));
        Assert.Equal(result.FaultsScheduled, result.FaultsInjected);
        Assert.Contains("host-crash", result.FaultsInjected);
        Assert.Contains("tables-outage", result.FaultsInjected);
        Assert.Contains("deliveries-delayed", result.FaultsInjected);
        Assert.Empty(result.Audit.Violations.Select(v => v.Detail));
        Assert.True(result.Quiescent, "Service Bus still held messages when the soak's time ran out.");
        // A keyless POST that meets the outage or the crash is not repeated (the caller cannot retry safely), so only
        // keyed orders must all be accepted.
        Assert.All(result.Orders.Where(o => o.Kind.IdempotencyKey), o => Assert.NotNull(o.Id));
        Assert.True(result.Passed);
    }

    /// <summary>
    /// A soak whose time runs out while it is still placing orders must still audit and report: the orders it never
    /// placed and the ones still unfinished are counted, and it fails. (A timed-out long run used to end with no
    /// summary at all: the cancelled placement loop threw past the audit and the report.)
    /// </summary>
    [Fact]
    public async Task RunSoakAsync_TimeoutDuringPlacement_ReportsUnfinishedAndFails()
    {
        using var log = new StringWriter();
        var local = new LocalOptions(HttpPort: 0, Settings: new Dictionary<string, string>(), Quiet: true, Dashboard: false) { WellKnownPorts = false };

        // 100 orders at 10/s take 10 s to place; the run may take 2 s.
        var result = await SoakCommand.RunSoakAsync(local, new SoakOptions(100, OrdersPerSecond: 10, Callers: 256, TimeSpan.FromSeconds(2)), log, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper!.WriteLine(SoakReport.Json(result));
        Assert.True(result.TimedOut);
        Assert.False(result.Passed);
        using var summary = System.Text.Json.JsonDocument.Parse(SoakReport.Json(result));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("timedOut").GetBoolean());
        Assert.True(root.GetProperty("notPlaced").GetInt32() > 0, "the orders the soak never got to place must be counted");
        Assert.Equal(100, root.GetProperty("notPlaced").GetInt32() + root.GetProperty("accepted").GetInt32() + root.GetProperty("notAccepted").GetInt32());
        Assert.Equal(root.GetProperty("accepted").GetInt32(), root.GetProperty("completed").GetInt32() + root.GetProperty("failed").GetInt32() + root.GetProperty("needsAttention").GetInt32() + root.GetProperty("unfinished").GetInt32());
        Assert.Equal(root.GetProperty("unfinished").GetInt32(), result.Audit.Violations.Count(v => v.Invariant == SoakAudit.InvariantNames[0]));
    }
}
