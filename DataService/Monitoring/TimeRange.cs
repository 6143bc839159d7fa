using DataAccess;

namespace DataService.Monitoring;

// The time ranges getPerformanceMetrics accepts.
internal static class TimeRange
{
    public const string Default = "1h";

    private static readonly Dictionary<string, TimeSpan> s_ranges = new(StringComparer.Ordinal)
    {
        ["5m"] = TimeSpan.FromMinutes(5),
        ["1h"] = TimeSpan.FromHours(1),
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
    };

    // Null when the text is not one of them.
    public static TimeSpan? Parse(string? timeRange) => s_ranges.TryGetValue(timeRange ?? Default, out var range) ? range : null;

    public static DatabaseError Invalid(string? timeRange) =>
        DatabaseError.Invalid("timeRange", $"'{timeRange}' is not a time range; expected one of {string.Join(", ", s_ranges.Keys)}.");
}
