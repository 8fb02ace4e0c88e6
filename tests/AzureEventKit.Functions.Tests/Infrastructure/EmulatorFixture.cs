using Azure.Messaging.ServiceBus;
using EventKit.ServiceBus.Emulator;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// The kit's in-process Service Bus emulator on 127.0.0.1 (free port), loaded with infra/servicebus.topology.json,
/// so the unmodified SDK publishes and receives through the real topic, subscriptions and filters.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private ServiceBusEmulator? emulator;

    public string ConnectionString => emulator?.ConnectionString ?? throw new InvalidOperationException("The emulator has not started.");

    public ServiceBusClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions
        {
            Port = 0,
            InspectionPort = -1,
            Topology = EmulatorTopology.Load(Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json")),
        });
        Client = new ServiceBusClient(emulator.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }

    /// <summary>
    /// Receives and completes every message on <paramref name="subscription"/> whose CorrelationId is
    /// <paramref name="orderId"/>, until <paramref name="expected"/> arrived and a short quiet period passed, or 10 s.
    /// Messages of other orders are completed and ignored.
    /// </summary>
    public async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveForOrderAsync(string subscription, string orderId, int expected, CancellationToken cancellationToken)
    {
        await using var receiver = Client.CreateReceiver("orders", subscription);
        var received = new List<ServiceBusReceivedMessage>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var wait = received.Count >= expected ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(1);
            var batch = await receiver.ReceiveMessagesAsync(50, wait, cancellationToken);
            foreach (var message in batch)
            {
                await receiver.CompleteMessageAsync(message, cancellationToken);
                if (message.CorrelationId == orderId)
                {
                    received.Add(message);
                }
            }

            if (batch.Count == 0 && received.Count >= expected)
            {
                break;
            }
        }

        return received;
    }
}
