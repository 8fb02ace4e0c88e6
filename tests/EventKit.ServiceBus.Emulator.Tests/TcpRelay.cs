using System.Net;
using System.Net.Sockets;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>
/// A loopback TCP relay between an SDK client and the emulator, so a test can cut the client's connection abruptly
/// (a TCP reset, as when a process dies) without the client closing its links.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly List<Socket> sockets = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private volatile bool frozen;

    public TcpRelay(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Silently drops all traffic from now on, both ways, keeping the sockets open: a half-open connection.</summary>
    public void Freeze() => frozen = true;

    /// <summary>Resets every relayed connection at once.</summary>
    public void Sever()
    {
        lock (sockets)
        {
            foreach (var socket in sockets)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }

            sockets.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Sever();
        await acceptLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stopping.Token);
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
            lock (sockets)
            {
                sockets.Add(client);
                sockets.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                if (!frozen)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
