namespace DataService.Monitoring;

// getQueryStats: statements by normalized shape since the service started. Durations in
// milliseconds.
public sealed record QueryStats(IReadOnlyList<SlowQuery> SlowQueries, IReadOnlyList<FrequentQuery> FrequentQueries);

// The statements with the highest mean duration.
public sealed record SlowQuery(string Query, double AvgDuration, long CallCount, DateTimeOffset LastExecuted);

// The statements run most often; totalDuration is the sum of their durations.
public sealed record FrequentQuery(string Query, long CallCount, double TotalDuration);
