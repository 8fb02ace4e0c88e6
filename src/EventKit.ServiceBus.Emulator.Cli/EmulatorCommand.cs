using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Cli;

/// <summary>The <c>eventkit-sb-emulator</c> command: its options and what it runs.</summary>
internal static class EmulatorCommand
{
    public static RootCommand Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Topology file in the official emulator's Config.json shape (e.g. infra/servicebus.topology.json). Without it, no entities exist." };
        var host = new Option<string>("--host") { Description = "Address to listen on. Anything but loopback exposes an unauthenticated broker.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "AMQP port; 0 picks a free one.", DefaultValueFactory = _ => 5672 };
        var inspectionPort = new Option<int>("--inspection-port") { Description = "HTTP port on loopback for inspection and ServiceBusAdministrationClient; 0 picks a free one, -1 disables it.", DefaultValueFactory = _ => 5300 };
        var maxMessageSize = new Option<long>("--max-message-size") { Description = "Largest accepted message in bytes.", DefaultValueFactory = _ => 256 * 1024 };
        var dataDirectory = new Option<DirectoryInfo?>("--data-dir") { Description = "Keep messages in a journal in this directory, so they survive a restart (even a killed process). Default: in memory only." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level (Trace, Debug, Information, Warning, Error). Debug shows every connection and link.", DefaultValueFactory = _ => LogLevel.Information };
        var logFormat = new Option<string>("--log-format") { Description = "Log format: simple or json (structured).", DefaultValueFactory = _ => "simple" };
        logFormat.AcceptOnlyFromAmong("simple", "json");

        var command = new RootCommand("Docker-free Azure Service Bus emulator for the Azure.Messaging.ServiceBus SDK (in memory unless --data-dir; Ctrl+C stops it).")
        {
            config, host, port, inspectionPort, maxMessageSize, dataDirectory, logLevel, logFormat,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new EmulatorRunSettings(
                parseResult.GetValue(config),
                parseResult.GetValue(host)!,
                parseResult.GetValue(port),
                parseResult.GetValue(inspectionPort),
                parseResult.GetValue(maxMessageSize),
                parseResult.GetValue(dataDirectory),
                parseResult.GetValue(logLevel),
                parseResult.GetValue(logFormat) == "json"),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(EmulatorRunSettings settings, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(settings.LogLevel);
            if (settings.JsonLogs)
            {
                logging.AddJsonConsole();
            }
            else
            {
                logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
            }
        });
        var logger = loggerFactory.CreateLogger("eventkit-sb-emulator");

        EmulatorTopology topology;
        try
        {
            topology = settings.Config is null ? EmulatorTopology.Empty : EmulatorTopology.Load(settings.Config.FullName);
        }
        catch (EmulatorTopologyException exception)
        {
            await Console.Error.WriteLineAsync($"Invalid topology: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        if (!IsLoopback(settings.Host))
        {
            await Console.Error.WriteLineAsync($"""
                !!! WARNING: the emulator will listen on {settings.Host}, not on loopback.
                !!! It accepts ANY credentials: whoever can reach this address can read and write every queue.
                """).ConfigureAwait(false);
            CliLogs.ExposedBeyondLoopback(logger, settings.Host);
        }

        var options = new ServiceBusEmulatorOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            InspectionPort = settings.InspectionPort,
            MaxMessageSizeBytes = settings.MaxMessageSize,
            DataDirectory = settings.DataDirectory?.FullName,
            Topology = topology,
            LoggerFactory = loggerFactory,
        };

        ServiceBusEmulator emulator;
        try
        {
            emulator = await ServiceBusEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C while still starting is a stop like any other, not a failure.
            CliLogs.Stopping(logger);
            return 0;
        }
        catch (InvalidDataException exception)
        {
            await Console.Error.WriteLineAsync($"Cannot use --data-dir: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        await using var started = emulator.ConfigureAwait(false);
        var inspection = emulator.InspectionEndpoint?.ToString() ?? "disabled";
        CliLogs.Ready(logger, emulator.ConnectionString, emulator.AdministrationConnectionString ?? "disabled (--inspection-port -1)", inspection);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            CliLogs.Stopping(logger);
        }

        return 0;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
