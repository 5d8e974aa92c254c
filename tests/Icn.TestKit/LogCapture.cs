using Microsoft.Extensions.Logging;

namespace Icn.TestKit;

/// <summary>
/// A logger factory (and provider) that keeps every line written through it, for tests that assert what an operator reads.
/// </summary>
public sealed class LogCapture : ILoggerFactory, ILoggerProvider
{
    private readonly List<(LogLevel Level, int EventId, string Text)> _lines = [];

    /// <summary>A snapshot of the lines so far.</summary>
    public IReadOnlyList<(LogLevel Level, int EventId, string Text)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a capture keeps lines itself");

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
            {
                owner._lines.Add((logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
