using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataService.Tests.Remote;

// Keeps everything logged at any level: the message, the exception and every structured
// value, so a test can look for text that must never be logged.
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(_entries);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(pair => $"{pair.Key}={Format(pair.Value)}")) : "";
            entries.Enqueue($"{formatter(state, exception)} | {values} | {exception}");
        }

        private static string? Format(object? value) =>
            value is IEnumerable<object?> items ? string.Join(",", items) : value?.ToString();
    }
}
