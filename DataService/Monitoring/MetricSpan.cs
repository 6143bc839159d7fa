namespace DataService.Monitoring;

// The figures of a time range and how much time they actually cover: less than the range
// when the service has not been running that long.
internal sealed record MetricSpan(MetricCounts Counts, TimeSpan Covered);
