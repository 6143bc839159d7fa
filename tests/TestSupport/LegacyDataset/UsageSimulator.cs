using DataAccess.LegacyRedis.Layout;

namespace TestSupport.LegacyDataset;

// Generates the requests of API keys over the last days and writes every usage key the
// legacy relay would hold for them now (layout §5.2-§5.4): per key, per key and model, costs,
// per account, global per model, each with the TTL left after its last write; buckets whose
// TTL has run out are not written, as Redis would have dropped them.
public sealed partial class UsageSimulator(BucketClock clock, Random random, RedisBulkWriter writer, LegacyDataset? dataset)
{
    public static readonly string[] Models =
    [
        "claude-sonnet-4-20250514", "claude-opus-4-20250514", "claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219", "llama3:8b", "gpt-5",
    ];

    private readonly Dictionary<(Guid Account, string Granularity, string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)> _accounts = [];
    private readonly Dictionary<(string Granularity, string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)> _globalModels = [];
    private readonly Dictionary<Guid, UsageCounters> _accountTotals = [];

    // One API key's requests over the days, and its usage keys. Returns when it was last used.
    public async Task<DateTimeOffset?> SimulateKeyAsync(Guid keyId, Guid accountId, int days, int activeHours, int modelsPerKey)
    {
        var models = Models.OrderBy(_ => random.Next()).Take(modelsPerKey).ToArray();
        var hourly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var daily = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var monthly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var totals = History();
        DateTimeOffset? lastUsed = null;
        var today = clock.Buckets.StartOfDay(clock.Now);
        for (var day = days - 1; day >= 0; day--)
        {
            if (random.Next(5) == 0)
            {
                continue;
            }

            foreach (var hour in Enumerable.Range(0, 24).OrderBy(_ => random.Next()).Take(activeHours).Order())
            {
                var at = today.AddDays(-day).AddHours(hour).AddMinutes(5 + random.Next(50));
                if (at > clock.Now)
                {
                    continue;
                }

                foreach (var model in models.Where((_, i) => i == 0 || random.Next(2) == 0))
                {
                    var request = Request();
                    Add(hourly, (clock.Buckets.Hour(at), model), request, at);
                    Add(daily, (clock.Buckets.Date(at), model), request, at);
                    Add(monthly, (clock.Buckets.Month(at), model), request, at);
                    AddAccount(accountId, at, model, request);
                    totals += request;
                    lastUsed = at;
                }
            }
        }

        var expectation = dataset is null ? null : new UsageExpectation();
        await WriteBucketsAsync(keyId, "hourly", hourly, BucketClock.HourlyTtl, BucketClock.HourlyTtl, expectation?.Hourly, null);
        await WriteBucketsAsync(keyId, "daily", daily, BucketClock.DailyTtl, BucketClock.DailyCostTtl, expectation?.Daily, expectation?.DailyCost);
        await WriteBucketsAsync(keyId, "monthly", monthly, BucketClock.MonthlyTtl, BucketClock.MonthlyCostTtl, expectation?.Monthly, expectation?.MonthlyCost);
        await writer.HashAsync(LegacyKeys.KeyTotals(keyId.ToString()), totals.TotalFields(ephemeral: true));
        await writer.StringAsync(LegacyKeys.CostTotal(keyId.ToString()), totals.CostText);
        if (expectation is not null)
        {
            expectation.Totals = totals;
            dataset!.KeyUsage[keyId] = expectation;
        }

        return lastUsed;
    }

    // The per-account and global per-model keys, summed over every simulated key.
    public async Task WriteSharedAsync()
    {
        foreach (var ((account, granularity, bucket, model), (counters, last)) in _accounts)
        {
            if (clock.Remaining(last, Ttl(granularity)) is not { } left)
            {
                continue;
            }

            var id = account.ToString();
            await writer.HashAsync($"account_usage:model:{granularity}:{id}:{model}:{bucket}", counters.ModelFields(ephemeral: false), left);
        }

        foreach (var ((account, granularity, bucket), (counters, last)) in _accounts
            .GroupBy(entry => (entry.Key.Account, entry.Key.Granularity, entry.Key.Bucket))
            .Select(group => (group.Key, (Sum(group.Select(entry => entry.Value.Counters)), group.Max(entry => entry.Value.Last)))))
        {
            if (clock.Remaining(last, Ttl(granularity)) is not { } left)
            {
                continue;
            }

            await writer.HashAsync($"account_usage:{granularity}:{account}:{bucket}", counters.KeyBucketFields(ephemeral: false), left);
            if (dataset is not null)
            {
                var expectation = AccountExpectation(account);
                var buckets = granularity switch { "hourly" => expectation.Hourly, "daily" => expectation.Daily, _ => expectation.Monthly };
                buckets[bucket] = counters;
            }
        }

        foreach (var (account, totals) in _accountTotals)
        {
            await writer.HashAsync(LegacyKeys.AccountTotals(account.ToString()), totals.TotalFields(ephemeral: false));
            if (dataset is not null)
            {
                AccountExpectation(account).Totals = totals;
            }
        }

        foreach (var ((granularity, bucket, model), (counters, last)) in _globalModels)
        {
            if (clock.Remaining(last, Ttl(granularity)) is { } left)
            {
                await writer.HashAsync($"usage:model:{granularity}:{model}:{bucket}", counters.ModelFields(ephemeral: false), left);
                if (dataset is not null)
                {
                    dataset.SkippedKeys++;
                }
            }
        }
    }

    private async Task WriteBucketsAsync(
        Guid keyId,
        string granularity,
        Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)> buckets,
        TimeSpan ttl,
        TimeSpan costTtl,
        Dictionary<string, UsageCounters>? expected,
        Dictionary<string, decimal>? expectedCost)
    {
        var id = keyId.ToString();
        var ephemeral = granularity != "hourly";
        foreach (var ((bucket, model), (counters, last)) in buckets)
        {
            if (clock.Remaining(last, ttl) is { } left)
            {
                await writer.HashAsync($"usage:{id}:model:{granularity}:{model}:{bucket}", counters.ModelFields(ephemeral), left);
            }

            Add(_globalModels, (granularity, bucket, model), counters, last);
        }

        foreach (var group in buckets.GroupBy(entry => entry.Key.Bucket))
        {
            var counters = Sum(group.Select(entry => entry.Value.Counters));
            var last = group.Max(entry => entry.Value.Last);
            if (clock.Remaining(last, ttl) is { } left)
            {
                await writer.HashAsync($"usage:{granularity}:{id}:{group.Key}", counters.KeyBucketFields(ephemeral), left);
                expected?.Add(group.Key, counters);
            }

            if (clock.Remaining(last, costTtl) is { } costLeft)
            {
                await writer.StringAsync($"usage:cost:{granularity}:{id}:{group.Key}", counters.CostText, costLeft);
                expectedCost?.Add(group.Key, counters.Cost);
            }
        }
    }

    private void AddAccount(Guid account, DateTimeOffset at, string model, UsageCounters request)
    {
        // Account hashes have no ephemeral counters and no cost.
        var counted = request with { Ephemeral5mTokens = 0, Ephemeral1hTokens = 0, Cost = 0 };
        Add(_accounts, (account, "hourly", clock.Buckets.Hour(at), model), counted, at);
        Add(_accounts, (account, "daily", clock.Buckets.Date(at), model), counted, at);
        Add(_accounts, (account, "monthly", clock.Buckets.Month(at), model), counted, at);
        _accountTotals[account] = _accountTotals.GetValueOrDefault(account) + counted;
    }

    private UsageExpectation AccountExpectation(Guid account)
    {
        if (!dataset!.AccountUsage.TryGetValue(account, out var expectation))
        {
            dataset.AccountUsage[account] = expectation = new UsageExpectation();
        }

        return expectation;
    }

    // One request's tokens; the ephemeral counters break the cache writes down.
    private UsageCounters Request()
    {
        var input = 100 + random.Next(2000);
        var output = 50 + random.Next(1000);
        var cacheCreate = random.Next(3) == 0 ? 0 : random.Next(4000);
        var cacheRead = random.Next(20000);
        var fiveMinutes = cacheCreate * 7 / 10;
        var cost = ((input * 3m) + (output * 15m) + (cacheCreate * 3.75m) + (cacheRead * 0.3m)) / 1_000_000m;
        return new UsageCounters(1, input, output, cacheCreate, cacheRead, fiveMinutes, cacheCreate - fiveMinutes, cost);
    }

    // What a key used before the simulated days, which only its lifetime totals remember.
    private UsageCounters History()
    {
        var requests = random.Next(500);
        return new UsageCounters(requests, requests * 900L, requests * 400L, requests * 1000L, requests * 5000L, requests * 700L, requests * 300L, requests * 0.0123m);
    }

    private static TimeSpan Ttl(string granularity) => granularity switch
    {
        "hourly" => BucketClock.HourlyTtl,
        "daily" => BucketClock.DailyTtl,
        _ => BucketClock.MonthlyTtl,
    };

    private static UsageCounters Sum(IEnumerable<UsageCounters> counters) => counters.Aggregate(default(UsageCounters), (sum, item) => sum + item);

    private static void Add<TKey>(Dictionary<TKey, (UsageCounters Counters, DateTimeOffset Last)> buckets, TKey key, UsageCounters counters, DateTimeOffset at)
        where TKey : notnull
    {
        var current = buckets.GetValueOrDefault(key);
        buckets[key] = (current.Counters + counters, at > current.Last ? at : current.Last);
    }
}
