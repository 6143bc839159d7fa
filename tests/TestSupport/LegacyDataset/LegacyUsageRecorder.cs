using DataAccess.LegacyRedis.Layout;
using DataAccess.Time;
using ServiceDefaults.Redis;

namespace TestSupport.LegacyDataset;

// Records one request the way the legacy relay does (layout §13): HINCRBY on the per-key,
// per-model and per-account hashes of the current hour, day and month and on the lifetime
// totals, INCRBYFLOAT on the cost keys, each bucket re-expired.
public static class LegacyUsageRecorder
{
    public static async Task RecordAsync(RedisClient redis, Guid keyId, Guid accountId, string model, UsageCounters request, DateTimeOffset at, int offsetHours)
    {
        var buckets = new TimeBuckets(offsetHours);
        var (hour, day, month) = (buckets.Hour(at), buckets.Date(at), buckets.Month(at));
        var normalized = ModelNameNormalizer.Normalize(model);
        var key = keyId.ToString();
        var account = accountId.ToString();
        var batch = redis.CreateBatch();
        Increment(batch, LegacyKeys.KeyTotals(key), request.TotalFields(ephemeral: true), null);
        Increment(batch, LegacyKeys.KeyDaily(key, day), request.KeyBucketFields(ephemeral: true), BucketClock.DailyTtl);
        Increment(batch, LegacyKeys.KeyMonthly(key, month), request.KeyBucketFields(ephemeral: true), BucketClock.MonthlyTtl);
        Increment(batch, LegacyKeys.KeyHourly(key, hour), request.KeyBucketFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, LegacyKeys.ModelDaily(normalized, day), request.ModelFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, LegacyKeys.ModelMonthly(normalized, month), request.ModelFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, LegacyKeys.ModelHourly(normalized, hour), request.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, LegacyKeys.KeyModelDaily(key, normalized, day), request.ModelFields(ephemeral: true), BucketClock.DailyTtl);
        Increment(batch, LegacyKeys.KeyModelMonthly(key, normalized, month), request.ModelFields(ephemeral: true), BucketClock.MonthlyTtl);
        Increment(batch, LegacyKeys.KeyModelHourly(key, normalized, hour), request.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
        var counted = request with { Ephemeral5mTokens = 0, Ephemeral1hTokens = 0, Cost = 0 };
        Increment(batch, LegacyKeys.AccountTotals(account), counted.TotalFields(ephemeral: false), null);
        Increment(batch, LegacyKeys.AccountDaily(account, day), counted.KeyBucketFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, LegacyKeys.AccountMonthly(account, month), counted.KeyBucketFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, LegacyKeys.AccountHourly(account, hour), counted.KeyBucketFields(ephemeral: false), BucketClock.HourlyTtl);
        Increment(batch, LegacyKeys.AccountModelDaily(account, normalized, day), counted.ModelFields(ephemeral: false), BucketClock.DailyTtl);
        Increment(batch, LegacyKeys.AccountModelMonthly(account, normalized, month), counted.ModelFields(ephemeral: false), BucketClock.MonthlyTtl);
        Increment(batch, LegacyKeys.AccountModelHourly(account, normalized, hour), counted.ModelFields(ephemeral: false), BucketClock.HourlyTtl);
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
                _ = batch.IncrementByFloatAsync(costKey, request.Cost);
                if (ttl is { } expiry)
                {
                    _ = batch.ExpireAsync(costKey, expiry);
                }
            }
        }

        await batch.ExecuteAsync();
    }

    private static void Increment(RedisBatch batch, string key, Dictionary<string, string> fields, TimeSpan? ttl)
    {
        foreach (var (field, value) in fields)
        {
            _ = batch.HashIncrementAsync(key, field, long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (ttl is { } expiry)
        {
            _ = batch.ExpireAsync(key, expiry);
        }
    }
}
