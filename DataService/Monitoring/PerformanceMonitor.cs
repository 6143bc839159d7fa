using DataAccess;

namespace DataService.Monitoring;

// The monitoring interface: the service's figures over a time range, and its statements.
internal sealed class PerformanceMonitor(MetricTimeline timeline, StatementStatistics statements)
{
    public const int DefaultQueryLimit = 10;
    public const int MaxQueryLimit = 100;

    public DataResult<PerformanceMetrics> GetPerformanceMetrics(string? timeRange) =>
        TimeRange.Parse(timeRange) is { } range
            ? DataResult<PerformanceMetrics>.Ok(Measure(range))
            : DataResult<PerformanceMetrics>.Fail(TimeRange.Invalid(timeRange));

    public PerformanceMetrics Measure(TimeSpan window) => PerformanceMetrics.From(timeline.Sum(window));

    public DataResult<QueryStats> GetQueryStats(int? limit)
    {
        var count = limit ?? DefaultQueryLimit;
        return count is < 1 or > MaxQueryLimit
            ? DataResult<QueryStats>.Fail(DatabaseError.Invalid("limit", $"must be between 1 and {MaxQueryLimit}."))
            : DataResult<QueryStats>.Ok(statements.Top(count));
    }
}
