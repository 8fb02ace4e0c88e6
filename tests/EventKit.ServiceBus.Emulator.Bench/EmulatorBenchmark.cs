using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using EventKit.ServiceBus.Emulator;

namespace EventKit.ServiceBus.Emulator.Bench;

/// <summary>
/// Loopback figures for the emulator with the real SDK, one client connection per scenario:
/// end-to-end (send, peek-lock receive, complete) with 1 and 8 receivers, batched send, and single-message latency.
/// </summary>
internal static class EmulatorBenchmark
{
    private const int BatchSize = 100;
    private const int LatencySamples = 2_000;

    public static async Task<int> RunAsync(int messages)
    {
        var topology = EmulatorTopology.Create([new QueueDefinition("bench", new EntityProperties { LockDuration = TimeSpan.FromMinutes(1) })]);
        await using var emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions { Port = 0, InspectionPort = -1, Topology = topology });
        Console.WriteLine($"EventKit.ServiceBus.Emulator bench: {messages:N0} messages per scenario, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Azure.Messaging.ServiceBus {typeof(ServiceBusClient).Assembly.GetName().Version}");
        Console.WriteLine();

        await EndToEndAsync(emulator, 1_000, 1);
        var oneReceiver = await EndToEndAsync(emulator, messages, 1);
        var eightReceivers = await EndToEndAsync(emulator, messages, 8);
        var batched = await BatchedSendAsync(emulator, messages);
        var (p50, p90, p99) = await LatencyAsync(emulator, LatencySamples);
        var memory = await HeldMemoryFigure.MeasureAsync();

        Console.WriteLine($"| scenario | result |");
        Console.WriteLine($"| --- | --- |");
        Console.WriteLine($"| end to end (send -> peek-lock receive -> complete), 1 receiver | {oneReceiver:N0} msgs/s |");
        Console.WriteLine($"| end to end, 8 concurrent receivers | {eightReceivers:N0} msgs/s |");
        Console.WriteLine($"| batched send ({BatchSize} per batch) | {batched:N0} msgs/s |");
        Console.WriteLine($"| single-message round trip (send -> received), {LatencySamples:N0} samples | p50 {p50:0.000} ms, p90 {p90:0.000} ms, p99 {p99:0.000} ms |");
        Console.WriteLine($"| memory held by {HeldMemoryFigure.Messages:N0} queued messages of {HeldMemoryFigure.BodyBytes} B (managed heap after full GC) | {memory.HeldBytes / 1024.0 / 1024.0:N1} MB, {memory.HeldPerMessage:N0} B per message ({memory.AllocatedPerMessage:N0} B allocated per message sent, client included) |");
        return 0;
    }

    private static async Task<double> EndToEndAsync(ServiceBusEmulator emulator, int messages, int receivers)
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("bench");
        var receiverClients = Enumerable.Range(0, receivers)
            .Select(_ => client.CreateReceiver("bench", new ServiceBusReceiverOptions { PrefetchCount = 500 }))
            .ToList();
        var remaining = messages;
        var stopwatch = Stopwatch.StartNew();
        var produce = Task.Run(async () =>
        {
            for (var sent = 0; sent < messages; sent += BatchSize)
            {
                await sender.SendMessagesAsync(Enumerable.Range(0, Math.Min(BatchSize, messages - sent)).Select(i => new ServiceBusMessage(Payload)));
            }
        });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var consume = receiverClients.Select(receiver => Task.Run(async () =>
        {
            while (Volatile.Read(ref remaining) > 0 && !deadline.IsCancellationRequested)
            {
                var batch = await receiver.ReceiveMessagesAsync(BatchSize, TimeSpan.FromMilliseconds(200), deadline.Token);
                await Task.WhenAll(batch.Select(m => receiver.CompleteMessageAsync(m, deadline.Token)));
                Interlocked.Add(ref remaining, -batch.Count);
            }
        }));
        await Task.WhenAll(consume.Append(produce));
        stopwatch.Stop();
        foreach (var receiver in receiverClients)
        {
            await receiver.DisposeAsync();
        }

        if (remaining > 0)
        {
            throw new InvalidOperationException($"{remaining} messages were not received within the time limit.");
        }

        return messages / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> BatchedSendAsync(ServiceBusEmulator emulator, int messages)
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("bench");
        await sender.SendMessageAsync(new ServiceBusMessage(Payload));
        var stopwatch = Stopwatch.StartNew();
        for (var sent = 0; sent < messages; sent += BatchSize)
        {
            using var batch = await sender.CreateMessageBatchAsync();
            for (var i = 0; i < BatchSize && sent + i < messages; i++)
            {
                batch.TryAddMessage(new ServiceBusMessage(Payload));
            }

            await sender.SendMessagesAsync(batch);
        }

        stopwatch.Stop();
        await using var drain = client.CreateReceiver("bench", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete, PrefetchCount = 1000 });
        for (var left = messages + 1; left > 0;)
        {
            var got = await drain.ReceiveMessagesAsync(1000, TimeSpan.FromSeconds(1));
            if (got.Count == 0)
            {
                break;
            }

            left -= got.Count;
        }

        return messages / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P90, double P99)> LatencyAsync(ServiceBusEmulator emulator, int samples)
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("bench");
        await using var receiver = client.CreateReceiver("bench", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var timings = new double[samples];
        for (var i = -100; i < samples; i++)
        {
            var receive = receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
            var start = Stopwatch.GetTimestamp();
            await sender.SendMessageAsync(new ServiceBusMessage(Payload));
            var message = await receive ?? throw new InvalidOperationException("A latency probe message was not received.");
            if (i >= 0)
            {
                timings[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(timings);
        return (timings[samples / 2], timings[(int)(samples * 0.9)], timings[(int)(samples * 0.99)]);
    }

    private static BinaryData Payload { get; } = new(new byte[256]);
}
