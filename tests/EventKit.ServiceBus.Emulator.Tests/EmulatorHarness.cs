using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

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

    /// <summary>
    /// A clock the test moves by hand, starting now on a whole second: lock and expiry times reach the SDK as AMQP
    /// timestamps of whole milliseconds, so a clock without sub-millisecond ticks lets a test compare them exactly.
    /// The emulator sweeps expired locks and messages only when this clock is advanced.
    /// </summary>
    public static FakeTimeProvider ControlledClock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Waits until <paramref name="condition"/> holds, at most <paramref name="limit"/> (5 s); the caller asserts.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(5));
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
