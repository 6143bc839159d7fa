namespace DataService.Monitoring;

// getPerformanceMetrics: this instance's own measurements over a time range, that is over the
// buckets overlapping it (with 1-minute buckets, 5m covers 5 to 6 minutes). Durations are in
// milliseconds, rates in [0, 1] unless said otherwise; with nothing measured a figure is 0.
public sealed record PerformanceMetrics(DatabaseMetrics Database, CacheMetrics Cache, ErrorMetrics Errors)
{
    internal static PerformanceMetrics From(MetricSpan span)
    {
        var counts = span.Counts;
        var lookups = counts.CacheHits + counts.CacheMisses + counts.CacheErrors;
        return new PerformanceMetrics(
            new DatabaseMetrics(
                Ratio(counts.StatementMilliseconds, counts.Statements),
                counts.SlowStatements,
                new ConnectionPoolMetrics(
                    Ratio(counts.PoolUtilizationSum, counts.PoolSamples),
                    Ratio(counts.WaitMillisecondsSum, counts.WaitProbes))),
            new CacheMetrics(
                Ratio(counts.CacheHits, lookups),
                Ratio(counts.CacheMisses + counts.CacheErrors, lookups),
                span.Covered > TimeSpan.Zero ? counts.EvictedKeys / span.Covered.TotalMinutes : 0),
            new ErrorMetrics(
                Ratio(counts.FailureTotal, counts.Requests),
                new SortedDictionary<string, long>(counts.Failures.ToDictionary(), StringComparer.Ordinal)));
    }

    private static double Ratio(double part, double whole) => whole == 0 ? 0 : part / whole;
}

// avgQueryTime: mean duration (ms) of the statements that completed in the range, from
// Npgsql's command activities (EF Core's statements included).
// slowQueries: how many of them took at least DataService:Monitoring:SlowQueryThresholdMs.
public sealed record DatabaseMetrics(double AvgQueryTime, long SlowQueries, ConnectionPoolMetrics ConnectionPool);

// utilization: mean over the periodic samples in the range of busy connections divided by the
// pool's Max Pool Size. waitTime: mean time (ms) a sampling probe waited to check a connection
// out of the pool; Npgsql publishes no wait-time figure, only the number of waiting requests,
// so the probe measures what a request arriving at that moment would have waited (including
// opening a physical connection when none was idle, or the whole timeout when none came free).
public sealed record ConnectionPoolMetrics(double Utilization, double WaitTime);

// hitRate: hits / lookups; missRate: (misses + failed lookups) / lookups, a lookup the cache
// could not answer, so the two add up to 1. evictionRate: keys Redis evicted per minute
// (INFO stats evicted_keys, sampled; server-wide, so other clients' evictions count too).
public sealed record CacheMetrics(double HitRate, double MissRate, double EvictionRate);

// rate: failed data-access operations per API request handled (requests to /api routes);
// types: failed data-access operations by error code.
public sealed record ErrorMetrics(double Rate, IReadOnlyDictionary<string, long> Types);
