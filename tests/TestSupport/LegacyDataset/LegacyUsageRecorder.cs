using System.Globalization;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Time;
using StackExchange.Redis;

namespace TestSupport.LegacyDataset;

// Records one request the way the legacy relay does (layout §13): HINCRBY on the per-key,
// per-model and per-account hashes of the current hour, day and month and on the lifetime
// totals, INCRBYFLOAT on the cost keys, each bucket re-expired.
public static class LegacyUsageRecorder
{
    public static async Task RecordAsync(IDatabase redis, Guid keyId, Guid accountId, string model, UsageCounters request, DateTimeOffset at, int offsetHours)
    {
        var buckets = new TimeBuckets(offsetHours);
        var (hour, day, month) = (buckets.Hour(at), buckets.Date(at), buckets.Month(at));
        var normalized = ModelNameNormalizer.Normalize(model);
        var key = keyId.ToString();
        var account = accountId.ToString();
        var batch = redis.CreateBatch();
        var replies = new List<Task>();
        Increment(batch, replies, LegacyKeys.KeyTotals(key), request.TotalFields(ephemeral: true), null);
        Increment(batch, replies, LegacyKeys.KeyDaily(key, day), request.KeyBucketFields(ephemeral: true), BucketClock.DailyTtl);
        Increment(batch, replies, LegacyKeys.KeyMonthly(key, month), request.KeyBucketFields(ephemeral: true), BucketClock.MonthlyTtl);
        Increment(batch, replies, LegacyKeys.KeyHourly(key, hour), request.KeyBucketFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, replies, LegacyKeys.ModelDaily(normalized, day), request.ModelFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, replies, LegacyKeys.ModelMonthly(normalized, month), request.ModelFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, replies, LegacyKeys.ModelHourly(normalized, hour), request.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, replies, LegacyKeys.KeyModelDaily(key, normalized, day), request.ModelFields(ephemeral: true), BucketClock.DailyTtl);
        Increment(batch, replies, LegacyKeys.KeyModelMonthly(key, normalized, month), request.ModelFields(ephemeral: true), BucketClock.MonthlyTtl);
        Increment(batch, replies, LegacyKeys.KeyModelHourly(key, normalized, hour), request.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
        var counted = request with { Ephemeral5mTokens = 0, Ephemeral1hTokens = 0, Cost = 0 };
        Increment(batch, replies, LegacyKeys.AccountTotals(account), counted.TotalFields(ephemeral: false), null);
        Increment(batch, replies, LegacyKeys.AccountDaily(account, day), counted.KeyBucketFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, replies, LegacyKeys.AccountMonthly(account, month), counted.KeyBucketFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, replies, LegacyKeys.AccountHourly(account, hour), counted.KeyBucketFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, replies, LegacyKeys.AccountModelDaily(account, normalized, day), counted.ModelFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, replies, LegacyKeys.AccountModelMonthly(account, normalized, month), counted.ModelFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, replies, LegacyKeys.AccountModelHourly(account, normalized, hour), counted.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
        if (request.Cost > 0)
        {
            foreach (var (costKey, ttl) in new[]
            {
                (LegacyKeys.CostDaily(key, day), (TimeSpan?)BucketClock.DailyCostTtl),
                (LegacyKeys.CostMonthly(key, month), BucketClock.MonthlyCostTtl),
                (LegacyKeys.CostHourly(key, hour), BucketClock.HourlyTtl),
                (LegacyKeys.CostTotal(key), null),
            })
            {
                // As text: the relay sends the JavaScript number, not a double's 17 digits.
                replies.Add(batch.ExecuteAsync("INCRBYFLOAT", costKey, request.Cost.ToString(CultureInfo.InvariantCulture)));
                if (ttl is { } expiry)
                {
                    replies.Add(batch.KeyExpireAsync(costKey, expiry));
                }
            }
        }

        batch.Execute();
        await Task.WhenAll(replies);
    }

    private static void Increment(IBatch batch, List<Task> replies, string key, Dictionary<string, string> fields, TimeSpan? ttl)
    {
        foreach (var (field, value) in fields)
        {
            replies.Add(batch.HashIncrementAsync(key, field, long.Parse(value, CultureInfo.InvariantCulture)));
        }

        if (ttl is { } expiry)
        {
            replies.Add(batch.KeyExpireAsync(key, expiry));
        }
    }
}
