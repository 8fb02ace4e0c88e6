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

    /// <summary>
    /// A directory where the emulator keeps a journal of its messages, so that they survive a restart, even a killed
    /// process. Default null: everything is in memory and lost when the emulator stops.
    /// </summary>
    /// <remarks>
    /// <para>
    /// On start, the journal (<c>{namespace}.journal</c> in this directory) is replayed: messages held by queues,
    /// subscriptions and dead-letter queues come back with their delivery counts, deferral, dead-letter reasons and changed
    /// properties; so do scheduled messages, sequence numbers (they keep increasing), the message ids duplicate detection
    /// remembers, and session states. Locks do not survive: a message a receiver held when the process stopped is available
    /// again, its delivery count one higher, as if its lock had expired. Entities come from <see cref="Topology"/> on every
    /// start; entities created at run time (the administration endpoint) are not kept, and their messages are dropped
    /// with a warning.
    /// </para>
    /// <para>
    /// Every change is written to the operating system before the client is answered, so a killed process loses nothing
    /// it acknowledged; nothing is forced to the disk per change, so a power loss or an operating-system crash may lose the
    /// last changes. A record cut short by a kill is ignored with a warning. One emulator at a time per directory.
    /// </para>
    /// </remarks>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// How much the journal may grow (in bytes) before it is compacted into a snapshot of what is held; it also waits
    /// until it has grown by the last snapshot's size, so compaction costs stay proportional. Default 16 MB. Only with
    /// <see cref="DataDirectory"/>.
    /// </summary>
    public long JournalCompactionBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The logger factory for connection, link and error logs. Default: no logging.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;
}
