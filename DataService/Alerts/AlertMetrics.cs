using DataService.Monitoring;

namespace DataService.Alerts;

// The metrics a rule may watch: the dotted paths of getPerformanceMetrics' answer, and
// errors.types.<CODE> for the count of one error code.
internal static class AlertMetrics
{
    public const string ErrorTypePrefix = "errors.types.";

    private static readonly Dictionary<string, Func<PerformanceMetrics, double>> s_figures = new(StringComparer.Ordinal)
    {
        ["database.avgQueryTime"] = metrics => metrics.Database.AvgQueryTime,
        ["database.slowQueries"] = metrics => metrics.Database.SlowQueries,
        ["database.connectionPool.utilization"] = metrics => metrics.Database.ConnectionPool.Utilization,
        ["database.connectionPool.waitTime"] = metrics => metrics.Database.ConnectionPool.WaitTime,
        ["cache.hitRate"] = metrics => metrics.Cache.HitRate,
        ["cache.missRate"] = metrics => metrics.Cache.MissRate,
        ["cache.evictionRate"] = metrics => metrics.Cache.EvictionRate,
        ["errors.rate"] = metrics => metrics.Errors.Rate,
    };

    public static IEnumerable<string> Names => s_figures.Keys.Append(ErrorTypePrefix + "<CODE>");

    public static bool IsKnown(string? metric) =>
        metric is not null && (s_figures.ContainsKey(metric) || ErrorCodeOf(metric) is { Length: > 0 } code && code.All(IsErrorCodeCharacter));

    // A rule stored around the API's validation (a transaction batch on alert_rules) may name
    // no figure: it reads as NaN, which compares false, so it never fires.
    public static double Read(PerformanceMetrics metrics, string metric) =>
        s_figures.TryGetValue(metric, out var figure) ? figure(metrics)
        : ErrorCodeOf(metric) is { } code ? metrics.Errors.Types.GetValueOrDefault(code)
        : double.NaN;

    private static string? ErrorCodeOf(string metric) =>
        metric.StartsWith(ErrorTypePrefix, StringComparison.Ordinal) ? metric[ErrorTypePrefix.Length..] : null;

    // Error codes are upper snake case, e.g. DB_RECORD_NOT_FOUND.
    private static bool IsErrorCodeCharacter(char character) => char.IsAsciiLetterUpper(character) || char.IsAsciiDigit(character) || character == '_';
}
