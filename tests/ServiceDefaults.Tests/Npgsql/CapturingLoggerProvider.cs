using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Tests.Npgsql;

// Records the categories that wrote log entries, to show which logger factory a client uses.
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _categories = new();

    public IReadOnlyCollection<string> Categories => _categories;

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(categoryName, _categories);

    public void Dispose()
    {
    }

    private sealed class CategoryLogger(string category, ConcurrentQueue<string> categories) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            categories.Enqueue(category);
    }
}
