using DataService.Monitoring;
using Microsoft.Extensions.Options;
using TestSupport;

namespace DataService.Tests.Monitoring;

public sealed class MetricTimelineTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 12, 0, 30, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(s_start);

    [Fact]
    public void A_range_sums_the_buckets_that_overlap_it()
    {
        var timeline = Timeline(retention: TimeSpan.FromHours(1));
        AddStatement(timeline, 10);
        _clock.Advance(TimeSpan.FromMinutes(3));
        AddStatement(timeline, 20);
        _clock.Advance(TimeSpan.FromMinutes(3));
        AddStatement(timeline, 30);

        Assert.Equal(3, timeline.Sum(TimeSpan.FromMinutes(10)).Counts.Statements);
        var lastFive = timeline.Sum(TimeSpan.FromMinutes(5)).Counts;
        Assert.Equal(2, lastFive.Statements);
        Assert.Equal(50, lastFive.StatementMilliseconds);
    }

    [Fact]
    public void Buckets_older_than_the_retention_are_forgotten()
    {
        var timeline = Timeline(retention: TimeSpan.FromMinutes(10));
        AddStatement(timeline, 10);
        _clock.Advance(TimeSpan.FromMinutes(30));
        AddStatement(timeline, 20);

        var counts = timeline.Sum(TimeSpan.FromDays(7)).Counts;

        Assert.Equal(1, counts.Statements);
        Assert.Equal(20, counts.StatementMilliseconds);
    }

    [Fact]
    public void A_range_covers_whole_buckets_but_no_more_than_the_time_since_start()
    {
        var timeline = Timeline(retention: TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(TimeSpan.FromMinutes(2), timeline.Sum(TimeSpan.FromHours(1)).Covered);
        Assert.Equal(TimeSpan.FromSeconds(90), timeline.Sum(TimeSpan.FromSeconds(45)).Covered);
    }

    [Fact]
    public void Failures_add_up_by_code_across_buckets()
    {
        var timeline = Timeline(retention: TimeSpan.FromHours(1));
        timeline.Record("DB_RECORD_NOT_FOUND", static (counts, code) => counts.AddFailures(code, 2));
        _clock.Advance(TimeSpan.FromMinutes(1));
        timeline.Record("DB_RECORD_NOT_FOUND", static (counts, code) => counts.AddFailures(code, 1));
        timeline.Record("CACHE_ERROR", static (counts, code) => counts.AddFailures(code, 1));

        var counts = timeline.Sum(TimeSpan.FromHours(1)).Counts;

        Assert.Equal(3, counts.Failures["DB_RECORD_NOT_FOUND"]);
        Assert.Equal(1, counts.Failures["CACHE_ERROR"]);
        Assert.Equal(4, counts.FailureTotal);
    }

    private MetricTimeline Timeline(TimeSpan retention) =>
        new(Options.Create(new MonitoringOptions { BucketWidth = TimeSpan.FromMinutes(1), Retention = retention }), _clock);

    private static void AddStatement(MetricTimeline timeline, double milliseconds) =>
        timeline.Record(milliseconds, static (counts, duration) =>
        {
            counts.Statements++;
            counts.StatementMilliseconds += duration;
        });
}
