namespace DataService.Monitoring;

// The additive figures of one time bucket, or of several summed. Everything here is a count
// or a sum, so buckets add up exactly; averages and rates are derived only when a range is
// read (PerformanceMetrics).
internal sealed class MetricCounts
{
    private Dictionary<string, long>? _failures;

    public long Statements { get; set; }

    public double StatementMilliseconds { get; set; }

    public long SlowStatements { get; set; }

    public long PoolSamples { get; set; }

    public double PoolUtilizationSum { get; set; }

    public long WaitProbes { get; set; }

    public double WaitMillisecondsSum { get; set; }

    public long CacheHits { get; set; }

    public long CacheMisses { get; set; }

    public long CacheErrors { get; set; }

    public long EvictedKeys { get; set; }

    public long Requests { get; set; }

    // Failed data-access operations by error code; most buckets have none.
    public IReadOnlyDictionary<string, long> Failures => _failures ?? (IReadOnlyDictionary<string, long>)new Dictionary<string, long>();

    public long FailureTotal => _failures?.Values.Sum() ?? 0;

    public void AddFailures(string code, long count)
    {
        _failures ??= new Dictionary<string, long>(StringComparer.Ordinal);
        _failures[code] = _failures.GetValueOrDefault(code) + count;
    }

    public void Add(MetricCounts other)
    {
        Statements += other.Statements;
        StatementMilliseconds += other.StatementMilliseconds;
        SlowStatements += other.SlowStatements;
        PoolSamples += other.PoolSamples;
        PoolUtilizationSum += other.PoolUtilizationSum;
        WaitProbes += other.WaitProbes;
        WaitMillisecondsSum += other.WaitMillisecondsSum;
        CacheHits += other.CacheHits;
        CacheMisses += other.CacheMisses;
        CacheErrors += other.CacheErrors;
        EvictedKeys += other.EvictedKeys;
        Requests += other.Requests;
        foreach (var (code, count) in other._failures ?? [])
        {
            AddFailures(code, count);
        }
    }
}
