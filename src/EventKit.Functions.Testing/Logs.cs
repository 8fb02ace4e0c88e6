using EventKit.Functions.Testing.Discovery;
using Microsoft.Extensions.Logging;

namespace EventKit.Functions.Testing;

/// <summary>The kit's log messages.</summary>
internal static partial class Logs
{
    [LoggerMessage(1, LogLevel.Information, "Executing '{FunctionName}' ({Trigger}, Id={InvocationId})")]
    public static partial void Executing(ILogger logger, string functionName, TriggerKind trigger, string invocationId);

    [LoggerMessage(2, LogLevel.Information, "Executed '{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:F0}ms)")]
    public static partial void Executed(ILogger logger, string functionName, string invocationId, double durationMs);

    [LoggerMessage(3, LogLevel.Error, "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:F0}ms)")]
    public static partial void Failed(ILogger logger, string functionName, string invocationId, double durationMs, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Discovered {Count} functions: {Functions}")]
    public static partial void Discovered(ILogger logger, int count, string functions);

    [LoggerMessage(5, LogLevel.Information, "HTTP {Methods} {Route} -> {FunctionName} (auth: {AuthLevel})")]
    public static partial void MappedRoute(ILogger logger, string methods, string route, string functionName, string authLevel);

    [LoggerMessage(6, LogLevel.Information, "Service Bus {Entity} -> {FunctionName} (concurrency {MaxConcurrentCalls}, autoComplete {AutoComplete}, sessions {Sessions}, batched {Batched})")]
    public static partial void ListeningServiceBus(ILogger logger, string entity, string functionName, int maxConcurrentCalls, bool autoComplete, bool sessions, bool batched);

    [LoggerMessage(7, LogLevel.Warning, "Service Bus processor error on {Entity} ({Source})")]
    public static partial void ServiceBusError(ILogger logger, string entity, string source, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Could not {Settlement} message {MessageId} after '{FunctionName}' ran")]
    public static partial void SettlementFailed(ILogger logger, string settlement, string? messageId, string functionName, Exception exception);

    [LoggerMessage(32, LogLevel.Information, "'{FunctionName}' not run for message {MessageId}: the host is stopping; the message stays locked until its lock expires, then comes back with one more delivery counted")]
    public static partial void NotRunWhileStopping(ILogger logger, string functionName, string? messageId);

    [LoggerMessage(9, LogLevel.Information, "Durable {Kind} registered: {FunctionName} (input {InputType}, output {OutputType})")]
    public static partial void RegisteredDurable(ILogger logger, string kind, string functionName, string inputType, string outputType);

    [LoggerMessage(10, LogLevel.Information, "Functions host started in {ElapsedMs:F0} ms; HTTP on {BaseAddress}")]
    public static partial void Started(ILogger logger, double elapsedMs, Uri baseAddress);

    [LoggerMessage(11, LogLevel.Warning, "HTTP request to '{FunctionName}' rejected: missing or wrong function key")]
    public static partial void Unauthorized(ILogger logger, string functionName);

    [LoggerMessage(13, LogLevel.Warning, "HTTP request to '{FunctionName}' refused: X-MS-CLIENT-PRINCIPAL from non-loopback peer {RemoteAddress}")]
    public static partial void PrincipalHeaderRefused(ILogger logger, string functionName, string remoteAddress);

    [LoggerMessage(12, LogLevel.Information, "Timer trigger '{FunctionName}' ({Schedule}) is not scheduled by the in-process host; invoke it with InvokeTimerAsync")]
    public static partial void TimerOnDemand(ILogger logger, string functionName, string schedule);

    [LoggerMessage(14, LogLevel.Information, "Timer trigger '{FunctionName}' ({Schedule}) runs every {Interval} (the kit's interval, not its schedule)")]
    public static partial void TimerOnInterval(ILogger logger, string functionName, string schedule, TimeSpan interval);

    [LoggerMessage(13, LogLevel.Warning, "Timer trigger '{FunctionName}' failed on the kit's interval; it runs again on the next one")]
    public static partial void TimerRunFailed(ILogger logger, string functionName, Exception exception);

    [LoggerMessage(31, LogLevel.Warning, "The Durable backend was still draining work the stopped worker held when the host's shutdown time ran out; the host goes away without waiting (as a stopped process would), and that work runs again once its queue messages become visible")]
    public static partial void DurableBackendStopAbandoned(ILogger logger);

    [LoggerMessage(30, LogLevel.Information, "Durable backend: {Backend}; at most {Orchestrations} orchestrations and {Activities} activities at once")]
    public static partial void DurableBackendChosen(ILogger logger, string backend, int orchestrations, int activities);
}
