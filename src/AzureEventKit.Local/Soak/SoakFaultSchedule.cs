using EventKit.Functions.Testing.Faults;
using EventKit.ServiceBus.Emulator;

namespace AzureEventKit.Local.Soak;

/// <summary>
/// The soak's fault script: every kind of fault once, spread over the placement phase. Service Bus faults go through
/// the emulator's fault control, the Tables outage through the kit's <see cref="DependencyOutage"/> policy in the app's
/// TableServiceClient, and the crash disposes the functions host without draining and starts a new one.
/// </summary>
internal sealed class SoakFaultSchedule(DependencyOutage tablesOutage)
{
    private static readonly TimeSpan LinkRefusal = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TablesOutageWindow = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DeliveryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DeliveryDelayWindow = TimeSpan.FromSeconds(5);

    public IReadOnlyList<SoakFault> Faults { get; } =
    [
        new(0.15, "send-server-busy", "the next 5 sends to the orders topic fail with server-busy", (stack, _) =>
        {
            stack.Emulator.Faults.FailNextSends("orders", 5, SendFault.ServerBusy);
            return Task.CompletedTask;
        }),
        new(0.25, "send-internal-error", "the next 5 sends to the orders topic fail with internal-error", (stack, _) =>
        {
            stack.Emulator.Faults.FailNextSends("orders", 5, SendFault.InternalError);
            return Task.CompletedTask;
        }),
        new(0.35, "links-refused", $"new Service Bus links are refused for {LinkRefusal.TotalSeconds:0} s", (stack, _) =>
        {
            stack.Emulator.Faults.RefuseLinks(LinkRefusal);
            return Task.CompletedTask;
        }),
        new(0.40, "deliveries-delayed", $"every delivery to a receiver is held {DeliveryDelay.TotalSeconds:0} s for {DeliveryDelayWindow.TotalSeconds:0} s", (stack, _) =>
        {
            stack.Emulator.Faults.DelayDeliveries(DeliveryDelay, DeliveryDelayWindow);
            return Task.CompletedTask;
        }),
        new(0.45, "connections-dropped", "every Service Bus connection is dropped", (stack, _) =>
        {
            stack.Emulator.Faults.DropConnections();
            return Task.CompletedTask;
        }),
        new(0.55, "tables-outage", $"the app's Tables calls answer 503 for {TablesOutageWindow.TotalSeconds:0} s", (_, _) =>
        {
            tablesOutage.BeginFor(TablesOutageWindow);
            return Task.CompletedTask;
        }),
        new(0.70, "host-crash", "the functions host is disposed without draining and a new one starts", (stack, cancellationToken) =>
            stack.CrashAndRestartHostAsync(cancellationToken)),
    ];
}
