using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Support;

// Keeps every line the app logs (the resources' output and the AppHost's own messages) for
// assertions and for failure messages.
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Tail(int count = 80) => string.Join(Environment.NewLine, Lines.TakeLast(count));

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} | {formatter(state, exception)}{(exception is null ? "" : " | " + exception.Message)}");
    }
}
