using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Cli;

/// <summary>The command's own log messages.</summary>
internal static partial class CliLogs
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Listening on {Host}, NOT loopback. The emulator accepts ANY credentials: every machine that can reach this address can read and write every queue. Use --host 127.0.0.1 unless you really mean it.")]
    public static partial void ExposedBeyondLoopback(ILogger logger, string host);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Ready. Connection string: {ConnectionString}  Administration connection string: {AdministrationConnectionString}  Inspection: {Inspection}  Press Ctrl+C to stop.")]
    public static partial void Ready(ILogger logger, string connectionString, string administrationConnectionString, string inspection);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Stopping (Ctrl+C)")]
    public static partial void Stopping(ILogger logger);
}
