using System.Net;
using System.Net.Sockets;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task StartAsync_PortInUse_ThrowsSocketException()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        await Assert.ThrowsAsync<SocketException>(() => ServiceBusEmulator.StartAsync(new() { Port = port, InspectionPort = -1 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartAsync_PortZeroManyTimesInParallel_EachGetsItsOwnPort()
    {
        var emulators = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ServiceBusEmulator.StartAsync(new() { Port = 0 }, TestContext.Current.CancellationToken)));
        try
        {
            Assert.Equal(8, emulators.Select(e => e.Port).Distinct().Count());
            Assert.All(emulators, e => Assert.Contains($"sb://127.0.0.1:{e.Port};", e.ConnectionString, StringComparison.Ordinal));
            Assert.All(emulators, e => Assert.Contains("UseDevelopmentEmulator=true;", e.ConnectionString, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var emulator in emulators)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StartAsync_Localhost_ListensOnLoopbackOnlyAndSdkConnects()
    {
        await using var emulator = await ServiceBusEmulator.StartAsync(new() { Host = "localhost", Port = 0, InspectionPort = -1, Topology = TestTopology.Create() }, TestContext.Current.CancellationToken);
        await using var client = new Azure.Messaging.ServiceBus.ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("work");

        await sender.SendMessageAsync(new Azure.Messaging.ServiceBus.ServiceBusMessage("via localhost"), TestContext.Current.CancellationToken);

        Assert.Equal(1, emulator.GetCounts("work").Active);
        Assert.Contains(System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners(), e => e.Port == emulator.Port && IPAddress.IsLoopback(e.Address));
        Assert.DoesNotContain(System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners(), e => e.Port == emulator.Port && !IPAddress.IsLoopback(e.Address));
    }
}
