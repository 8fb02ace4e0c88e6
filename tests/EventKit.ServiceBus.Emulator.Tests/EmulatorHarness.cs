using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>One emulator and one SDK client per test, on a free port, so tests run in parallel without sharing state.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(ServiceBusEmulator emulator)
    {
        Emulator = emulator;
        Client = new ServiceBusClient(emulator.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, TryTimeout = TimeSpan.FromSeconds(10), Delay = TimeSpan.FromMilliseconds(100) },
        });
    }

    public ServiceBusEmulator Emulator { get; }

    public ServiceBusClient Client { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<ServiceBusEmulatorOptions>? configure = null)
    {
        var options = new ServiceBusEmulatorOptions { Port = 0, Topology = TestTopology.Create() };
        configure?.Invoke(options);
        return new EmulatorHarness(await ServiceBusEmulator.StartAsync(options, TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
