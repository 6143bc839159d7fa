using DataAccess.LegacyRedis.Adapter.Writing;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Adapter;

// Usage and cost counters (layout §5.2-5.5), each write one atomic script.
internal sealed partial class LegacyRedisAdapter
{
    public Task IncrementTokenUsageAsync(
        string keyId,
        long tokens,
        long inputTokens = 0,
        long outputTokens = 0,
        long cacheCreateTokens = 0,
        long cacheReadTokens = 0,
        string model = "unknown",
        long ephemeral5mTokens = 0,
        long ephemeral1hTokens = 0,
        CancellationToken cancellationToken = default)
    {
        var plan = new CounterPlan();
        var amounts = UsageAmounts.ForKey(tokens, inputTokens, outputTokens, cacheCreateTokens, cacheReadTokens, ephemeral5mTokens, ephemeral1hTokens);
        planner.AddTokenUsage(plan, keyId, model, amounts, time.GetUtcNow());
        return RunAsync(plan, cancellationToken);
    }

    public Task IncrementAccountUsageAsync(
        string accountId,
        long inputTokens = 0,
        long outputTokens = 0,
        long cacheCreateTokens = 0,
        long cacheReadTokens = 0,
        string model = "unknown",
        CancellationToken cancellationToken = default)
    {
        var plan = new CounterPlan();
        planner.AddAccountUsage(plan, accountId, model, new UsageAmounts(inputTokens, outputTokens, cacheCreateTokens, cacheReadTokens, 0, 0, 1), time.GetUtcNow());
        return RunAsync(plan, cancellationToken);
    }

    public Task IncrementDailyCostAsync(string keyId, decimal amount, CancellationToken cancellationToken = default)
    {
        if (amount < 0)
        {
            throw DatabaseError.Invalid("amount", "must not be negative.");
        }

        var plan = new CounterPlan();
        planner.AddCost(plan, keyId, amount, time.GetUtcNow());
        return RunAsync(plan, cancellationToken);
    }

    // Records normalized usage records (event id and timestamp set) as the relay records
    // requests, bucketed at each record's own time, plus our cost ledger. Each event is
    // marked, and an event marked already is left out, so a replay counts once. The
    // records run as one script: all of them or none. Returns how many were new.
    //
    // Output has no fallback here: our records carry explicit counts, and the relay's rule
    // (a zero output with zero input becomes the total) would count a cache-only request's
    // cache tokens a second time as output.
    internal async Task<int> RecordUsageAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        var pending = records.ToList();
        while (pending.Count > 0)
        {
            var plan = new CounterPlan();
            foreach (var record in pending)
            {
                AddRecord(plan, record);
            }

            var markers = pending.Select(record => Crs2Keys.UsageEvent(record.EventId!.Value)).ToList();
            var repeated = await CounterScript.RunAsync(_redis, plan, markers, options.UsageEventMemory);
            if (repeated.Count == 0)
            {
                return pending.Count;
            }

            var repeatedSet = repeated.ToHashSet();
            pending = [.. pending.Where((_, index) => !repeatedSet.Contains(index))];
        }

        return 0;
    }

    private void AddRecord(CounterPlan plan, UsageRecord record)
    {
        var keyId = record.ApiKeyId.ToString();
        var accountId = record.AccountId?.ToString();
        var at = record.Timestamp!.Value;
        var amounts = new UsageAmounts(
            record.InputTokens, record.OutputTokens, record.CacheCreateTokens, record.CacheReadTokens,
            record.Ephemeral5mTokens, record.Ephemeral1hTokens, record.RequestCount);
        planner.AddTokenUsage(plan, keyId, record.Model, amounts, at);

        // The cost keys go with the model keys even at zero (layout §11 rule 6): a model key
        // without its cost key makes a restarting relay recompute every cost and cut
        // usage:cost:total down to the last 30 days.
        planner.AddCost(plan, keyId, record.Cost, at);
        if (record.Cost > 0)
        {
            planner.AddCostLedger(plan, keyId, accountId, record.Model, record.Cost, at);
        }

        LegacyUsagePlanner.AddLastUsed(plan, keyId, at);
        if (accountId is not null)
        {
            planner.AddAccountUsage(plan, accountId, record.Model, amounts, at);
            LegacyUsagePlanner.AddAccountLastUsed(plan, record.AccountType, accountId, at);
        }
    }
}
