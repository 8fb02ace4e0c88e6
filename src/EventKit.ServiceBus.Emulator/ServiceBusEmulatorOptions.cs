using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventKit.ServiceBus.Emulator;

/// <summary>Options of <see cref="ServiceBusEmulator"/>.</summary>
public sealed class ServiceBusEmulatorOptions
{
    /// <summary>The address to listen on. Default <c>127.0.0.1</c> (loopback only).</summary>
    /// <remarks>Any other address exposes an unauthenticated broker to the network: the emulator accepts every token.</remarks>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The AMQP port. Default 5672, the port the SDK uses with <c>UseDevelopmentEmulator=true</c>; 0 picks a free port.</summary>
    public int Port { get; set; } = 5672;

    /// <summary>The HTTP inspection port on loopback. Default 0 (a free port); -1 disables the endpoint.</summary>
    public int InspectionPort { get; set; }

    /// <summary>The entities to serve. Default: none (every address is then unknown).</summary>
    public EmulatorTopology? Topology { get; set; }

    /// <summary>The largest message (or batch) accepted, in bytes. Default 256 KB, Azure's Standard tier limit.</summary>
    /// <remarks>The SDK reads this from the link and refuses larger messages itself with <c>MessageSizeExceeded</c>.</remarks>
    public long MaxMessageSizeBytes { get; set; } = 256 * 1024;

    /// <summary>The clock for enqueue times, locks, time to live and scheduling. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How often locks, sessions, time to live and schedules are checked. Default 20 ms.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The connection idle timeout; a silent (half-open) connection is closed after it. Default 60 s, minimum 10 s.</summary>
    /// <remarks>Clients are told half of it as the heartbeat interval, and the AMQP library refuses less than 5 s.</remarks>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest AMQP frame accepted, in bytes. Default 64 KB; a larger frame closes that connection only.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024;

    /// <summary>The logger factory for connection, link and error logs. Default: no logging.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;
}
