using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AzureEventKit.Functions.Observability;

/// <summary>
/// The app's own trace source and business metrics. One instance per process (registered as a singleton),
/// so counters are created once and exporters find them by <see cref="SourceName"/>.
/// </summary>
public sealed class OrderWorkflowTelemetry : IDisposable
{
    /// <summary>The name of both the ActivitySource and the Meter; OpenTelemetry subscribes to it.</summary>
    public const string SourceName = "AzureEventKit.Orders";

    private readonly Meter meter;

    public OrderWorkflowTelemetry(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(SourceName);
        OrdersPlaced = meter.CreateCounter<long>("orders.placed", description: "Orders accepted by the HTTP API.");
        OrdersRepublished = meter.CreateCounter<long>("orders.republished", description: "Orders whose OrderPlaced the outbox sweeper published because placement did not.");
        OrdersCompleted = meter.CreateCounter<long>("orders.completed", description: "Orders whose saga completed.");
        OrdersFailed = meter.CreateCounter<long>("orders.failed", description: "Orders whose saga failed, tagged by reason.");
        OrdersNeedingAttention = meter.CreateCounter<long>("orders.needs_attention", description: "Orders stuck after the shipment was booked, waiting for an operator, tagged by step.");
        Compensations = meter.CreateCounter<long>("orders.compensations", description: "Compensating actions run (void payment, release inventory).");
        DeadLetters = meter.CreateCounter<long>("messages.dead_lettered", description: "Messages dead-lettered, tagged by subscription and reason.");
    }

    /// <summary>Spans for HTTP accept, publish and subscriber work.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName);

    public Counter<long> OrdersPlaced { get; }

    /// <summary>Non-zero means placements are being interrupted between saving and announcing an order (see the runbook).</summary>
    public Counter<long> OrdersRepublished { get; }

    public Counter<long> OrdersCompleted { get; }

    public Counter<long> OrdersFailed { get; }

    public Counter<long> OrdersNeedingAttention { get; }

    public Counter<long> Compensations { get; }

    public Counter<long> DeadLetters { get; }

    public void Dispose() => meter.Dispose();
}
