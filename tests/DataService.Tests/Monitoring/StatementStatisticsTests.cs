using DataService.Monitoring;
using Microsoft.Extensions.Options;

namespace DataService.Tests.Monitoring;

public sealed class StatementStatisticsTests
{
    private static readonly DateTimeOffset s_now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Slowest_is_by_mean_duration_and_frequent_by_calls()
    {
        var statistics = Statistics(capacity: 10);
        statistics.Record("SELECT fast", 1, s_now);
        statistics.Record("SELECT fast", 1, s_now);
        statistics.Record("SELECT fast", 1, s_now.AddSeconds(1));
        statistics.Record("SELECT slow", 50, s_now);

        var stats = statistics.Top(1);

        var slowest = Assert.Single(stats.SlowQueries);
        Assert.Equal(new SlowQuery("SELECT slow", 50, 1, s_now), slowest);
        var frequent = Assert.Single(stats.FrequentQueries);
        Assert.Equal(new FrequentQuery("SELECT fast", 3, 3), frequent);
    }

    [Fact]
    public void A_full_table_makes_room_by_dropping_the_least_used_statement()
    {
        var statistics = Statistics(capacity: 2);
        statistics.Record("SELECT a", 1, s_now);
        statistics.Record("SELECT a", 1, s_now);
        statistics.Record("SELECT b", 1, s_now);
        statistics.Record("SELECT c", 1, s_now);

        var kept = statistics.Top(10).FrequentQueries.Select(query => query.Query);

        Assert.Equal(["SELECT a", "SELECT c"], kept);
    }

    private static StatementStatistics Statistics(int capacity) =>
        new(Options.Create(new MonitoringOptions { MaxTrackedStatements = capacity }));
}
