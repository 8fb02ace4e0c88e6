using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Cli;

/// <summary>The parsed command line.</summary>
internal sealed record EmulatorRunSettings(FileInfo? Config, string Host, int Port, int InspectionPort, long MaxMessageSize, LogLevel LogLevel, bool JsonLogs);
