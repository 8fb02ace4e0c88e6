using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AzureEventKit.Local;

/// <summary>
/// The run command's live log: one line per entry, printed straight away, or kept in a short buffer that the demo's live
/// display shows (writing to the console under a Spectre live display would tear it).
/// </summary>
internal sealed class LiveLog : ILoggerProvider
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<string> recent = new();

    public bool Buffered { get; set; }

    public IReadOnlyList<string> Recent(int count) => recent.TakeLast(count).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, ShortName(categoryName));

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{DateTime.Now:HH:mm:ss.fff} {Level(level)} {category}: {message}";
        if (exception is not null && level >= LogLevel.Error)
        {
            line += $" — {exception.GetType().Name}: {exception.Message}";
        }

        recent.Enqueue(line);
        while (recent.Count > Capacity && recent.TryDequeue(out _))
        {
        }

        if (!Buffered)
        {
            var color = level switch { >= LogLevel.Error => "red", LogLevel.Warning => "yellow", _ => "grey" };
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot >= 0 ? category[(dot + 1)..] : category;
    }

    private sealed class Logger(LiveLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
