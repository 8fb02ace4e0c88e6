using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>An in-memory logger provider that keeps each entry's category, message and scope values.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, string? TraceId);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<KeyValuePair<string, object?>>();
            if (state is IEnumerable<KeyValuePair<string, object?>> own)
            {
                values.AddRange(own);
            }

            owner.scopes.ForEachScope(
                static (scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs);
                    }
                    else if (scope is IEnumerable<KeyValuePair<string, object>> objects)
                    {
                        list.AddRange(objects.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value)));
                    }
                    else if (scope is not null)
                    {
                        list.Add(KeyValuePair.Create("Scope", (object?)scope.ToString()));
                    }
                },
                values);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), values, System.Diagnostics.Activity.Current?.TraceId.ToString()));
        }
    }
}
