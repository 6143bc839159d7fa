using DataAccess.LegacyRedis.Layout;

namespace TestSupport.LegacyDataset;

// Shapes of usage a real relay leaves behind that the plain simulation does not: history from
// before the input/output split mixed in one month with buckets written after it, and per-model
// buckets under a model id the relay did not normalize, which its key buckets never counted.
public sealed partial class UsageSimulator
{
    public const string UnnormalizedBedrockModel = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";

    // The first day the relay counted input and output tokens: the second day of this month, so
    // that this month mixes old and new buckets and last month, old only, still has live days,
    // each split and rounded on its own. On the first day of a month, yesterday: last month
    // mixes them.
    public DateTimeOffset Upgrade
    {
        get
        {
            var today = clock.Buckets.StartOfDay(clock.Now);
            var second = clock.Buckets.StartOfMonth(clock.Now).AddDays(1);
            return second <= today ? second : today.AddDays(-1);
        }
    }

    // A key used daily for the last month. Before Upgrade the relay kept only tokens and
    // requests in its daily, monthly and lifetime hashes (amounts ending in 5, whose 30/70
    // split it rounds up on both sides) and no hourly, per-model or cost keys; from Upgrade on,
    // every counter, added to the same monthly and lifetime hashes.
    public async Task SimulateUpgradedKeyAsync(Guid keyId, Guid accountId)
    {
        var id = keyId.ToString();
        var upgrade = Upgrade;
        var today = clock.Buckets.StartOfDay(clock.Now);
        var oldDays = new Dictionary<string, (long Tokens, long Requests, DateTimeOffset At)>();
        var oldMonths = new Dictionary<string, (long Tokens, long Requests)>();
        var hourly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var daily = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var monthly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var totals = default(UsageCounters);
        for (var day = today.AddDays(-30); day < today.AddDays(1); day = day.AddDays(1))
        {
            var at = day.AddHours(10).AddMinutes(random.Next(50));
            if (at > clock.Now)
            {
                continue;
            }

            if (day < upgrade)
            {
                var (tokens, requests) = (1005 + (10 * random.Next(200)), 1 + random.Next(5));
                oldDays[clock.Buckets.Date(at)] = (tokens, requests, at);
                var month = clock.Buckets.Month(at);
                var sum = oldMonths.GetValueOrDefault(month);
                oldMonths[month] = (sum.Tokens + tokens, sum.Requests + requests);
                continue;
            }

            foreach (var model in Models.Take(2))
            {
                var request = Request();
                Add(hourly, (clock.Buckets.Hour(at), model), request, at);
                Add(daily, (clock.Buckets.Date(at), model), request, at);
                Add(monthly, (clock.Buckets.Month(at), model), request, at);
                AddAccount(accountId, at, model, request);
                totals += request;
            }
        }

        var expectation = dataset is null ? null : new UsageExpectation();
        await WriteBucketsAsync(keyId, "hourly", hourly, BucketClock.HourlyTtl, BucketClock.HourlyTtl, expectation?.Hourly, null);
        await WriteBucketsAsync(keyId, "daily", daily, BucketClock.DailyTtl, BucketClock.DailyCostTtl, expectation?.Daily, expectation?.DailyCost);
        await WriteBucketsAsync(keyId, "monthly", monthly, BucketClock.MonthlyTtl, BucketClock.MonthlyCostTtl, expectation?.Monthly, expectation?.MonthlyCost);
        foreach (var (date, (tokens, requests, at)) in oldDays)
        {
            if (clock.Remaining(at, BucketClock.DailyTtl) is { } left)
            {
                await writer.HashAsync(LegacyKeys.KeyDaily(id, date), TokensOnly(tokens, requests), left);
                expectation?.Daily.Add(date, UsageCounters.TokensOnly(tokens, requests));
            }
        }

        // HSET merges: a month both versions wrote has the old tokens in tokens, which the
        // relay no longer shows once input and output are there, and the old requests too.
        foreach (var (month, (tokens, requests)) in oldMonths)
        {
            var mixed = monthly.Keys.Any(bucket => bucket.Bucket == month);
            var newCounters = monthly.Where(entry => entry.Key.Bucket == month).Select(entry => entry.Value.Counters).Aggregate(default(UsageCounters), (sum, item) => sum + item);
            await writer.HashAsync(LegacyKeys.KeyMonthly(id, month), TokensOnly(tokens + newCounters.CoreTokens, requests + newCounters.Requests), BucketClock.MonthlyTtl);
            if (expectation is not null)
            {
                expectation.Monthly[month] = mixed ? expectation.Monthly[month] with { Requests = expectation.Monthly[month].Requests + requests } : UsageCounters.TokensOnly(tokens, requests);
            }

            // Its days read more than the month: the new counters hide the old tokens, and the
            // 30/70 split of each day is rounded on its own.
            if (mixed || oldDays.Values.Count(day => clock.Buckets.Month(day.At) == month) > 1)
            {
                Contradiction(keyId, "month", clock.Buckets.StartOfMonth(oldDays.Values.First(day => clock.Buckets.Month(day.At) == month).At));
            }
        }

        var oldRequests = oldMonths.Values.Sum(month => month.Requests);
        var lifetime = totals.TotalFields(ephemeral: true);
        lifetime["totalTokens"] = JsValues.Number(totals.CoreTokens + oldMonths.Values.Sum(month => month.Tokens));
        lifetime["totalRequests"] = JsValues.Number(totals.Requests + oldRequests);
        await writer.HashAsync(LegacyKeys.KeyTotals(id), lifetime);
        await writer.StringAsync(LegacyKeys.CostTotal(id), totals.CostText);
        if (expectation is not null)
        {
            expectation.Totals = totals with { Requests = totals.Requests + oldRequests };
            dataset!.KeyUsage[keyId] = expectation;
        }
    }

    // A key's requests of yesterday, two of each of two models, and two more recorded only in
    // per-model and global model buckets under an un-normalized Bedrock model id: its key
    // buckets, cost and account never counted them.
    public async Task SimulateUnnormalizedModelAsync(Guid keyId, Guid accountId)
    {
        var at = clock.Buckets.StartOfDay(clock.Now).AddDays(-1).AddHours(9).AddMinutes(15);
        var hourly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var daily = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var monthly = new Dictionary<(string Bucket, string Model), (UsageCounters Counters, DateTimeOffset Last)>();
        var totals = default(UsageCounters);
        foreach (var model in new[] { "claude-3-5-haiku-20241022", "claude-sonnet-4-20250514" })
        {
            for (var i = 0; i < 2; i++)
            {
                var request = Request();
                Add(hourly, (clock.Buckets.Hour(at), model), request, at);
                Add(daily, (clock.Buckets.Date(at), model), request, at);
                Add(monthly, (clock.Buckets.Month(at), model), request, at);
                AddAccount(accountId, at, model, request);
                totals += request;
            }
        }

        var expectation = dataset is null ? null : new UsageExpectation();
        await WriteBucketsAsync(keyId, "hourly", hourly, BucketClock.HourlyTtl, BucketClock.HourlyTtl, expectation?.Hourly, null);
        await WriteBucketsAsync(keyId, "daily", daily, BucketClock.DailyTtl, BucketClock.DailyCostTtl, expectation?.Daily, expectation?.DailyCost);
        await WriteBucketsAsync(keyId, "monthly", monthly, BucketClock.MonthlyTtl, BucketClock.MonthlyCostTtl, expectation?.Monthly, expectation?.MonthlyCost);
        var unnormalized = Request() + Request();
        foreach (var (granularity, bucket, ttl) in new[]
        {
            ("hourly", clock.Buckets.Hour(at), BucketClock.HourlyTtl),
            ("daily", clock.Buckets.Date(at), BucketClock.DailyTtl),
            ("monthly", clock.Buckets.Month(at), BucketClock.MonthlyTtl),
        })
        {
            await writer.HashAsync($"usage:{keyId}:model:{granularity}:{UnnormalizedBedrockModel}:{bucket}", unnormalized.ModelFields(ephemeral: granularity != "hourly"), ttl - (clock.Now - at));
            Add(_globalModels, (granularity, bucket, UnnormalizedBedrockModel), unnormalized, at);
        }

        // The key's buckets hold less than their per-model buckets.
        Contradiction(keyId, "hour", clock.Buckets.StartOfHour(at));
        Contradiction(keyId, "day", clock.Buckets.StartOfDay(at));
        Contradiction(keyId, "month", clock.Buckets.StartOfMonth(at));

        await writer.HashAsync(LegacyKeys.KeyTotals(keyId.ToString()), totals.TotalFields(ephemeral: true));
        await writer.StringAsync(LegacyKeys.CostTotal(keyId.ToString()), totals.CostText);
        if (expectation is not null)
        {
            expectation.Totals = totals;
            dataset!.KeyUsage[keyId] = expectation;
        }
    }

    // As the backfill names a bucket it reports (ProblemKind.InconsistentBuckets).
    private void Contradiction(Guid keyId, string granularity, DateTimeOffset start) =>
        dataset?.Problems.Add(new PlantedProblem($"{keyId} {granularity} bucket from {start.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}", "InconsistentBuckets"));

    private static Dictionary<string, string> TokensOnly(long tokens, long requests) => new()
    {
        ["tokens"] = JsValues.Number(tokens),
        ["requests"] = JsValues.Number(requests),
    };
}
