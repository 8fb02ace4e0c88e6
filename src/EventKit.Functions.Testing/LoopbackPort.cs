using System.Net;
using System.Net.Sockets;

namespace EventKit.Functions.Testing;

/// <summary>Free loopback ports, so parallel test hosts never collide on a fixed or randomly picked one.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the operating system just reported free on 127.0.0.1.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
