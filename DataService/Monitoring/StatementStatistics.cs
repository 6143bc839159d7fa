using Microsoft.Extensions.Options;

namespace DataService.Monitoring;

// Calls and durations per normalized statement since the service started. The table is
// bounded: when a new statement arrives and it is full, the least used statement (fewest
// calls, then longest unused) makes room.
internal sealed class StatementStatistics(IOptions<MonitoringOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Totals> _statements = new(StringComparer.Ordinal);
    private readonly int _capacity = options.Value.MaxTrackedStatements;

    public void Record(string normalizedStatement, double milliseconds, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_statements.TryGetValue(normalizedStatement, out var totals))
            {
                if (_statements.Count >= _capacity)
                {
                    _statements.Remove(LeastUsed());
                }

                totals = new Totals();
                _statements.Add(normalizedStatement, totals);
            }

            totals.Calls++;
            totals.Milliseconds += milliseconds;
            totals.LastExecuted = at;
        }
    }

    public QueryStats Top(int limit)
    {
        lock (_lock)
        {
            var slowest = _statements
                .OrderByDescending(statement => statement.Value.Milliseconds / statement.Value.Calls)
                .Take(limit)
                .Select(statement => new SlowQuery(
                    statement.Key, statement.Value.Milliseconds / statement.Value.Calls, statement.Value.Calls, statement.Value.LastExecuted))
                .ToList();
            var frequent = _statements
                .OrderByDescending(statement => statement.Value.Calls)
                .ThenByDescending(statement => statement.Value.Milliseconds)
                .Take(limit)
                .Select(statement => new FrequentQuery(statement.Key, statement.Value.Calls, statement.Value.Milliseconds))
                .ToList();
            return new QueryStats(slowest, frequent);
        }
    }

    private string LeastUsed() =>
        _statements.MinBy(statement => (statement.Value.Calls, statement.Value.LastExecuted)).Key;

    private sealed class Totals
    {
        public long Calls { get; set; }

        public double Milliseconds { get; set; }

        public DateTimeOffset LastExecuted { get; set; }
    }
}
