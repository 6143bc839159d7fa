using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AppHost.Hosting.Logging;

internal static class ResourceConsoleLoggingExtensions
{
    /// <summary>
    /// The console shows the resources and the AppHost's own messages; the framework's chatter
    /// (host lifetime, an HTTP log line per health probe) only when it is a warning.
    /// </summary>
    public static ILoggingBuilder AddResourceConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(options => options.FormatterName = ResourceConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<ResourceConsoleFormatter, ConsoleFormatterOptions>();
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        return logging;
    }
}
