using DataService.Tests.Support;
using StackExchange.Redis;
using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// What one scenario did and what every ledger holds afterwards, printed to the test output
// and the console (so ./test.sh shows it), then compared with what the records add up to:
// a difference fails the test with the whole table.
public sealed class FaultReport(ITestOutputHelper output, string scenario, UsageWorkload workload)
{
    private readonly List<string> _lines = [$"fault scenario: {scenario}"];
    private readonly List<(string Ledger, UsageTotals Found)> _ledgers = [];
    private readonly List<string> _mismatches = [];

    public void Note(string line) => _lines.Add("  " + line);

    public void Traffic(RetryingUsageCaller caller) =>
        Note($"{workload.Records.Count} records in {workload.Sends.Count} requests, {caller.Attempts} attempts; retried after failure: {caller.FailureSummary}");

    // The PostgreSQL ledgers of the key: events, lifetime totals, hourly rollups, claimed ids.
    public async Task ReadPostgresAsync(string connectionString, long otherEventIds = 0)
    {
        _ledgers.Add(("PostgreSQL usage_events", await UsageTotals.PostgresEventsAsync(connectionString, workload.KeyId)));
        _ledgers.Add(("PostgreSQL usage_totals_key", await UsageTotals.PostgresKeyTotalsAsync(connectionString, workload.KeyId)));
        _ledgers.Add(("PostgreSQL usage_hourly_key_model", await UsageTotals.PostgresHourlyAsync(connectionString, workload.KeyId)));
        var ids = await UsageTotals.PostgresEventIdsAsync(connectionString);
        Note($"usage_event_ids holds {ids} ids (expected {workload.Records.Count + otherEventIds})");
        if (ids != workload.Records.Count + otherEventIds)
        {
            _mismatches.Add("usage_event_ids");
        }
    }

    // The relay's counters of the key in the legacy layout.
    public async Task ReadLegacyAsync(string redisEndpoint)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisEndpoint);
        _ledgers.Add(("legacy usage:{keyId} + cost:total", await UsageTotals.LegacyAsync(redis.GetDatabase(), workload.KeyId)));
    }

    public void AssertExact()
    {
        var expected = workload.Expected;
        _lines.Add("  " + UsageTotals.Header);
        _lines.Add("  " + expected.Row("expected (the records sent)"));
        foreach (var (ledger, found) in _ledgers)
        {
            var matches = found.Matches(expected);
            _lines.Add("  " + found.Row(ledger) + (matches ? "" : "   <-- differs"));
            if (!matches)
            {
                _mismatches.Add(ledger);
            }
        }

        var text = string.Join(Environment.NewLine, _lines);
        output.WriteLine(text);
        Console.WriteLine(text);
        Assert.True(_mismatches.Count == 0, $"Usage lost or counted twice in {string.Join(", ", _mismatches)}:{Environment.NewLine}{text}");
    }
}
