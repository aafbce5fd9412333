using Microsoft.Extensions.Logging;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// Errors the test apps log (an unhandled exception behind a 500, say), appended to one file per test run, because a
/// test sees only the status code. test.sh prints the file when a test failed; <c>ZEREN_TEST_ERROR_LOG</c> names it.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static string? Path => Environment.GetEnvironmentVariable("ZEREN_TEST_ERROR_LOG");

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && Path is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var text = $"{DateTimeOffset.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                File.AppendAllText(Path!, text);
            }
        }
    }
}
