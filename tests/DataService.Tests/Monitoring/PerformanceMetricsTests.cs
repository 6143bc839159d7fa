using DataService.Monitoring;

namespace DataService.Tests.Monitoring;

public sealed class PerformanceMetricsTests
{
    [Fact]
    public void Figures_are_derived_from_the_counts_of_the_range()
    {
        var counts = new MetricCounts
        {
            Statements = 4,
            StatementMilliseconds = 100,
            SlowStatements = 1,
            PoolSamples = 2,
            PoolUtilizationSum = 0.5,
            WaitProbes = 4,
            WaitMillisecondsSum = 2,
            CacheHits = 6,
            CacheMisses = 1,
            CacheErrors = 1,
            EvictedKeys = 30,
            Requests = 20,
        };
        counts.AddFailures("DB_RECORD_NOT_FOUND", 3);
        counts.AddFailures("CACHE_ERROR", 2);

        var metrics = PerformanceMetrics.From(new MetricSpan(counts, TimeSpan.FromMinutes(10)));

        Assert.Equal(25, metrics.Database.AvgQueryTime);
        Assert.Equal(1, metrics.Database.SlowQueries);
        Assert.Equal(0.25, metrics.Database.ConnectionPool.Utilization);
        Assert.Equal(0.5, metrics.Database.ConnectionPool.WaitTime);
        Assert.Equal(0.75, metrics.Cache.HitRate);
        Assert.Equal(0.25, metrics.Cache.MissRate);
        Assert.Equal(3, metrics.Cache.EvictionRate);
        Assert.Equal(0.25, metrics.Errors.Rate);
        Assert.Equal(new Dictionary<string, long> { ["CACHE_ERROR"] = 2, ["DB_RECORD_NOT_FOUND"] = 3 }, metrics.Errors.Types);
    }

    [Fact]
    public void Nothing_measured_is_zero_not_a_division_by_zero()
    {
        var metrics = PerformanceMetrics.From(new MetricSpan(new MetricCounts(), TimeSpan.Zero));

        Assert.Equal(0, metrics.Database.AvgQueryTime);
        Assert.Equal(0, metrics.Database.ConnectionPool.Utilization);
        Assert.Equal(0, metrics.Cache.HitRate);
        Assert.Equal(0, metrics.Cache.MissRate);
        Assert.Equal(0, metrics.Cache.EvictionRate);
        Assert.Equal(0, metrics.Errors.Rate);
        Assert.Empty(metrics.Errors.Types);
    }
}
