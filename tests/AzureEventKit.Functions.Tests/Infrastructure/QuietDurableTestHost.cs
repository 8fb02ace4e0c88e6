using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// The Durable in-process test host as these tests start it: quiet, and on a free loopback port (its own choice is
/// random in 30000-40000, where parallel hosts can collide).
/// </summary>
public static class QuietDurableTestHost
{
    /// <summary>
    /// The host's gRPC sidecar is a default ASP.NET Core host: it ignores <c>LoggerFactory</c> and writes hundreds of info
    /// lines to the console, which bury a failing test's message in CI output. Default hosts read
    /// <c>Logging__LogLevel__Default</c> from the environment, so it is set before the first host starts.
    /// </summary>
    static QuietDurableTestHost()
    {
        if (Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
        {
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        }
    }

    public static Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registerTasks) =>
        DurableTaskTestHost.StartAsync(registerTasks, new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance, Port = FreePort() });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
