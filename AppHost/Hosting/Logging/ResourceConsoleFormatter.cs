using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace AppHost.Hosting.Logging;

/// <summary>
/// One line per line of text, each prefixed with the logger's name: a resource's name for what
/// the resource writes and what the AppHost says about it, as the dashboard's console logs.
/// </summary>
internal sealed class ResourceConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "resource";
    private const int NameWidth = 16;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is not null)
        {
            message += Environment.NewLine + logEntry.Exception;
        }

        var prefix = $"{logEntry.Category,-NameWidth} | ";
        var severity = logEntry.LogLevel switch
        {
            >= LogLevel.Error => "error: ",
            LogLevel.Warning => "warning: ",
            _ => "",
        };
        foreach (var line in message.Split('\n'))
        {
            textWriter.Write(prefix);
            textWriter.Write(severity);
            textWriter.WriteLine(line.TrimEnd('\r'));
        }
    }
}
