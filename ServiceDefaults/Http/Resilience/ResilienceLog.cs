using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Http.Resilience;

internal static partial class ResilienceLog
{
    [LoggerMessage(1, LogLevel.Warning, "Retrying {Method} {Url} after {Failure}: retry {Retry} in {Delay}.")]
    public static partial void Retrying(ILogger logger, HttpMethod? method, string? url, string failure, int retry, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Warning, "Too many calls failed; calls fail at once for the next {BreakDuration}.")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration);
}
