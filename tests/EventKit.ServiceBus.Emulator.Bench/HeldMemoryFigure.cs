using Azure.Messaging.ServiceBus;
using EventKit.ServiceBus.Emulator;

namespace EventKit.ServiceBus.Emulator.Bench;

/// <summary>
/// How much memory the emulator holds for messages waiting in a queue: 100,000 messages with 256-byte bodies are sent
/// (in batches of 100) to a queue nobody reads, and the managed heap after a full collection is compared with the heap
/// before. The client's connection is warmed up first, so what remains is what the queue holds.
/// </summary>
internal static class HeldMemoryFigure
{
    public const int Messages = 100_000;
    private const int BatchSize = 100;

    public const int BodyBytes = 256;

    /// <summary>Heap held after the sends, heap allocated during them (emulator and client, one process), and how long they took.</summary>
    public sealed record Result(long HeldBytes, long AllocatedBytes, TimeSpan Elapsed)
    {
        public double HeldPerMessage => (double)HeldBytes / Messages;

        public double AllocatedPerMessage => (double)AllocatedBytes / Messages;
    }

    public static async Task<Result> MeasureAsync()
    {
        var topology = EmulatorTopology.Create(
        [
            new QueueDefinition("held", new EntityProperties()),
            new QueueDefinition("warm-up", new EntityProperties()),
        ]);
        await using var emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions { Port = 0, InspectionPort = -1, Topology = topology });
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var warmUp = client.CreateSender("warm-up");
        await using var sender = client.CreateSender("held");
        await SendAsync(warmUp, 10 * BatchSize, CancellationToken.None);
        await SendAsync(sender, BatchSize, CancellationToken.None);

        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = TimeProvider.System.GetTimestamp();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await SendAsync(sender, Messages, deadline.Token);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;

        var counts = emulator.GetCounts("held") ?? throw new InvalidOperationException("The queue 'held' is missing.");
        if (counts.Active != Messages + BatchSize)
        {
            throw new InvalidOperationException($"The queue holds {counts.Active} messages; {Messages + BatchSize} were sent.");
        }

        return new Result(held, allocated, elapsed);
    }

    private static async Task SendAsync(ServiceBusSender sender, int messages, CancellationToken cancellationToken)
    {
        for (var sent = 0; sent < messages; sent += BatchSize)
        {
            await sender.SendMessagesAsync(Enumerable.Range(0, Math.Min(BatchSize, messages - sent)).Select(_ => new ServiceBusMessage(new byte[BodyBytes])), cancellationToken);
        }
    }
}
