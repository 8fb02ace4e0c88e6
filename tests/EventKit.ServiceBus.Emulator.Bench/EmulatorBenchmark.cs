using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using EventKit.ServiceBus.Emulator;

namespace EventKit.ServiceBus.Emulator.Bench;

/// <summary>
/// Loopback figures for the emulator with the real SDK, one client connection per scenario: end-to-end (send,
/// peek-lock receive, complete) with 1 and 8 receivers, batched send, and single-message latency. Each scenario runs
/// against the emulator in this process and against the emulator command in its own process (as users run it).
/// </summary>
internal static class EmulatorBenchmark
{
    private const int BatchSize = 100;
    private const int LatencySamples = 2_000;
    private const string Queue = "bench";

    /// <summary>The bench queue as the topology file declares it (the command reads the file; the library takes the same).</summary>
    private const string TopologyJson = """
        {
          "UserConfig": {
            "Namespaces": [
              {
                "Name": "sbemulatorns",
                "Queues": [ { "Name": "bench", "Properties": { "LockDuration": "PT1M", "MaxDeliveryCount": 10 } } ],
                "Topics": []
              }
            ]
          }
        }
        """;

    public static async Task<int> RunAsync(int messages, BenchModes modes)
    {
        Console.WriteLine($"EventKit.ServiceBus.Emulator bench: {messages:N0} messages per scenario, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Azure.Messaging.ServiceBus {typeof(ServiceBusClient).Assembly.GetName().Version}");
        Console.WriteLine();

        var columns = new List<(string Name, Figures Figures)>();
        if (modes.HasFlag(BenchModes.InProcess))
        {
            await using var emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions { Port = 0, InspectionPort = -1, Topology = EmulatorTopology.Parse(TopologyJson) });
            columns.Add(("SDK and emulator in one process", await MeasureAsync(emulator.ConnectionString, messages)));
        }

        if (modes.HasFlag(BenchModes.SeparateProcess))
        {
            await using var command = await EmulatorProcess.StartAsync(TopologyJson);
            columns.Add(("emulator command in its own process", await MeasureAsync(command.ConnectionString, messages)));
        }

        Console.WriteLine($"| scenario | {string.Join(" | ", columns.Select(c => c.Name))} |");
        Console.WriteLine($"| --- |{string.Concat(columns.Select(_ => " --- |"))}");
        Row("end to end (send -> peek-lock receive -> complete), 1 receiver", f => $"{f.OneReceiver:N0} msgs/s");
        Row("end to end, 8 concurrent receivers", f => $"{f.EightReceivers:N0} msgs/s");
        Row($"batched send ({BatchSize} per batch)", f => $"{f.BatchedSend:N0} msgs/s");
        Row($"single-message round trip (send -> received), {LatencySamples:N0} samples", f => $"p50 {f.P50:0.000} ms, p90 {f.P90:0.000} ms, p99 {f.P99:0.000} ms");

        if (modes.HasFlag(BenchModes.InProcess))
        {
            var memory = await HeldMemoryFigure.MeasureAsync();
            Console.WriteLine();
            Console.WriteLine($"Memory held by {HeldMemoryFigure.Messages:N0} queued messages of {HeldMemoryFigure.BodyBytes} B (managed heap after full GC, in process): {memory.HeldBytes / 1024.0 / 1024.0:N1} MB, {memory.HeldPerMessage:N0} B per message ({memory.AllocatedPerMessage:N0} B allocated per message sent, client included)");
        }

        return 0;

        void Row(string scenario, Func<Figures, string> cell) =>
            Console.WriteLine($"| {scenario} | {string.Join(" | ", columns.Select(c => cell(c.Figures)))} |");
    }

    /// <summary>Every scenario, once warmed up, against one emulator.</summary>
    private static async Task<Figures> MeasureAsync(string connectionString, int messages)
    {
        await EndToEndAsync(connectionString, 1_000, 1);
        var oneReceiver = await EndToEndAsync(connectionString, messages, 1);
        var eightReceivers = await EndToEndAsync(connectionString, messages, 8);
        var batched = await BatchedSendAsync(connectionString, messages);
        var (p50, p90, p99) = await LatencyAsync(connectionString, LatencySamples);
        return new Figures(oneReceiver, eightReceivers, batched, p50, p90, p99);
    }

    private sealed record Figures(double OneReceiver, double EightReceivers, double BatchedSend, double P50, double P90, double P99);

    private static async Task<double> EndToEndAsync(string connectionString, int messages, int receivers)
    {
        await using var client = new ServiceBusClient(connectionString);
        await using var sender = client.CreateSender(Queue);
        var receiverClients = Enumerable.Range(0, receivers)
            .Select(_ => client.CreateReceiver(Queue, new ServiceBusReceiverOptions { PrefetchCount = 500 }))
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

    private static async Task<double> BatchedSendAsync(string connectionString, int messages)
    {
        await using var client = new ServiceBusClient(connectionString);
        await using var sender = client.CreateSender(Queue);
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
        await using var drain = client.CreateReceiver(Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete, PrefetchCount = 1000 });
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

    private static async Task<(double P50, double P90, double P99)> LatencyAsync(string connectionString, int samples)
    {
        await using var client = new ServiceBusClient(connectionString);
        await using var sender = client.CreateSender(Queue);
        await using var receiver = client.CreateReceiver(Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
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
