using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Cli;

/// <summary>The parsed command line.</summary>
internal sealed record EmulatorRunSettings(FileInfo? Config, string Host, int Port, int InspectionPort, long MaxMessageSize, DirectoryInfo? DataDirectory, LogLevel LogLevel, bool JsonLogs);
