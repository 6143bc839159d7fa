using DataAccess.LegacyRedis.Layout;
using DataAccess.Time;

namespace DataAccess.LegacyRedis.Adapter.Writing;

// The counters the legacy relay writes for one request (layout §5.2-5.4, §13), added to a
// plan in the order the relay sends them, with buckets taken at the given instant.
internal sealed class LegacyUsagePlanner(TimeBuckets buckets, LegacyRedisOptions options)
{
    private static readonly string[] s_modelFields = ["inputTokens", "outputTokens", "cacheCreateTokens", "cacheReadTokens", "allTokens", "requests"];

    // incrementTokenUsage: 80 HINCRBY and 10 EXPIRE.
    public void AddTokenUsage(CounterPlan plan, string keyId, string model, UsageAmounts amounts, DateTimeOffset at)
    {
        var normalized = ModelNameNormalizer.Normalize(model);
        var (hour, date, month) = Labels(at);
        var daily = LegacyKeys.KeyDaily(keyId, date);
        var monthly = LegacyKeys.KeyMonthly(keyId, month);
        var hourly = LegacyKeys.KeyHourly(keyId, hour);
        var modelDaily = LegacyKeys.ModelDaily(normalized, date);
        var modelMonthly = LegacyKeys.ModelMonthly(normalized, month);
        var modelHourly = LegacyKeys.ModelHourly(normalized, hour);
        var keyModelDaily = LegacyKeys.KeyModelDaily(keyId, normalized, date);
        var keyModelMonthly = LegacyKeys.KeyModelMonthly(keyId, normalized, month);
        var keyModelHourly = LegacyKeys.KeyModelHourly(keyId, normalized, hour);
        var minute = LegacyKeys.SystemMinute(BucketLabels.EpochMinute(at));

        var totals = LegacyKeys.KeyTotals(keyId);
        plan.Increment(totals, "totalTokens", amounts.CoreTokens);
        plan.Increment(totals, "totalInputTokens", amounts.InputTokens);
        plan.Increment(totals, "totalOutputTokens", amounts.OutputTokens);
        plan.Increment(totals, "totalCacheCreateTokens", amounts.CacheCreateTokens);
        plan.Increment(totals, "totalCacheReadTokens", amounts.CacheReadTokens);
        plan.Increment(totals, "totalAllTokens", amounts.AllTokens);
        plan.Increment(totals, "totalEphemeral5mTokens", amounts.Ephemeral5mTokens);
        plan.Increment(totals, "totalEphemeral1hTokens", amounts.Ephemeral1hTokens);
        plan.Increment(totals, "totalRequests", amounts.Requests);
        AddKeyBucket(plan, daily, amounts, withEphemeral: true);
        AddKeyBucket(plan, monthly, amounts, withEphemeral: true);
        AddModelFields(plan, modelDaily, amounts);
        AddModelFields(plan, modelMonthly, amounts);
        AddModelFields(plan, keyModelDaily, amounts);
        AddEphemeral(plan, keyModelDaily, amounts);
        AddModelFields(plan, keyModelMonthly, amounts);
        AddEphemeral(plan, keyModelMonthly, amounts);
        AddKeyBucket(plan, hourly, amounts, withEphemeral: false);
        AddModelFields(plan, modelHourly, amounts);
        AddModelFields(plan, keyModelHourly, amounts);
        plan.Increment(minute, "requests", amounts.Requests);
        plan.Increment(minute, "totalTokens", amounts.AllTokens);
        plan.Increment(minute, "inputTokens", amounts.InputTokens);
        plan.Increment(minute, "outputTokens", amounts.OutputTokens);
        plan.Increment(minute, "cacheCreateTokens", amounts.CacheCreateTokens);
        plan.Increment(minute, "cacheReadTokens", amounts.CacheReadTokens);

        plan.Expire(daily, LegacyTtls.DailyUsage);
        plan.Expire(monthly, LegacyTtls.MonthlyUsage);
        plan.Expire(hourly, LegacyTtls.HourlyUsage);
        plan.Expire(modelDaily, LegacyTtls.DailyUsage);
        plan.Expire(modelMonthly, LegacyTtls.MonthlyUsage);
        plan.Expire(modelHourly, LegacyTtls.HourlyUsage);
        plan.Expire(keyModelDaily, LegacyTtls.DailyUsage);
        plan.Expire(keyModelMonthly, LegacyTtls.MonthlyUsage);
        plan.Expire(keyModelHourly, LegacyTtls.HourlyUsage);
        plan.Expire(minute, options.MinuteMetricsTtl);
    }

    // incrementDailyCost: 4 INCRBYFLOAT and 3 EXPIRE (the total keeps no TTL).
    public void AddCost(CounterPlan plan, string keyId, decimal amount, DateTimeOffset at)
    {
        var (hour, date, month) = Labels(at);
        var daily = LegacyKeys.CostDaily(keyId, date);
        var monthly = LegacyKeys.CostMonthly(keyId, month);
        var hourly = LegacyKeys.CostHourly(keyId, hour);
        plan.IncrementFloat(daily, amount);
        plan.IncrementFloat(monthly, amount);
        plan.IncrementFloat(hourly, amount);
        plan.IncrementFloat(LegacyKeys.CostTotal(keyId), amount);
        plan.Expire(daily, LegacyTtls.DailyCost);
        plan.Expire(monthly, LegacyTtls.MonthlyCost);
        plan.Expire(hourly, LegacyTtls.HourlyCost);
    }

    // incrementAccountUsage: 46 HINCRBY and 6 EXPIRE. Output has no fallback here.
    public void AddAccountUsage(CounterPlan plan, string accountId, string model, UsageAmounts amounts, DateTimeOffset at)
    {
        var normalized = ModelNameNormalizer.Normalize(model);
        var (hour, date, month) = Labels(at);
        var daily = LegacyKeys.AccountDaily(accountId, date);
        var monthly = LegacyKeys.AccountMonthly(accountId, month);
        var hourly = LegacyKeys.AccountHourly(accountId, hour);
        var modelDaily = LegacyKeys.AccountModelDaily(accountId, normalized, date);
        var modelMonthly = LegacyKeys.AccountModelMonthly(accountId, normalized, month);
        var modelHourly = LegacyKeys.AccountModelHourly(accountId, normalized, hour);

        var totals = LegacyKeys.AccountTotals(accountId);
        plan.Increment(totals, "totalTokens", amounts.CoreTokens);
        plan.Increment(totals, "totalInputTokens", amounts.InputTokens);
        plan.Increment(totals, "totalOutputTokens", amounts.OutputTokens);
        plan.Increment(totals, "totalCacheCreateTokens", amounts.CacheCreateTokens);
        plan.Increment(totals, "totalCacheReadTokens", amounts.CacheReadTokens);
        plan.Increment(totals, "totalAllTokens", amounts.AllTokens);
        plan.Increment(totals, "totalRequests", amounts.Requests);
        AddKeyBucket(plan, daily, amounts, withEphemeral: false);
        AddKeyBucket(plan, monthly, amounts, withEphemeral: false);
        AddKeyBucket(plan, hourly, amounts, withEphemeral: false);
        AddModelFields(plan, modelDaily, amounts);
        AddModelFields(plan, modelMonthly, amounts);
        AddModelFields(plan, modelHourly, amounts);

        plan.Expire(daily, LegacyTtls.DailyUsage);
        plan.Expire(monthly, LegacyTtls.MonthlyUsage);
        plan.Expire(hourly, LegacyTtls.HourlyUsage);
        plan.Expire(modelDaily, LegacyTtls.DailyUsage);
        plan.Expire(modelMonthly, LegacyTtls.MonthlyUsage);
        plan.Expire(modelHourly, LegacyTtls.HourlyUsage);
    }

    // Our own cost ledger (Crs2Keys): cost per model and per account, which the layout
    // does not keep, with the lifetimes of the legacy cost buckets.
    public void AddCostLedger(CounterPlan plan, string keyId, string? accountId, string model, decimal amount, DateTimeOffset at)
    {
        var normalized = ModelNameNormalizer.Normalize(model);
        foreach (var kind in BucketKinds.All)
        {
            var label = buckets.Label(kind, at);
            AddCostBucket(plan, Crs2Keys.KeyModelCost(kind, keyId, normalized, label), amount, kind);
            AddCostBucket(plan, Crs2Keys.ModelCost(kind, normalized, label), amount, kind);
            if (accountId is not null)
            {
                AddCostBucket(plan, Crs2Keys.AccountCost(kind, accountId, label), amount, kind);
                AddCostBucket(plan, Crs2Keys.AccountModelCost(kind, accountId, normalized, label), amount, kind);
            }
        }

        if (accountId is not null)
        {
            plan.IncrementFloat(Crs2Keys.AccountCostTotal(accountId), amount);
        }
    }

    // The relay rewrites lastUsedAt (and so the 365-day TTL) of the key on every request;
    // this touches only that field, and only when the key exists.
    public static void AddLastUsed(CounterPlan plan, string keyId, DateTimeOffset at)
    {
        var key = LegacyKeys.ApiKey(keyId);
        plan.TouchTimestamp(key, "lastUsedAt", JsValues.Iso(at));
        plan.Expire(key, LegacyTtls.ApiKey);
    }

    // The relay sets lastUsedAt of the account that served a request; only that field, and
    // only on an account hash that exists (Bedrock accounts are JSON strings, left alone).
    public static void AddAccountLastUsed(CounterPlan plan, string accountType, string accountId, DateTimeOffset at)
    {
        var key = accountType switch
        {
            "claude" => LegacyKeys.ClaudeAccount(accountId),
            "claude-console" => LegacyKeys.ClaudeConsoleAccount(accountId),
            "openai" => LegacyKeys.OpenAiAccount(accountId),
            "gemini" => LegacyKeys.GeminiAccount(accountId),
            _ => null,
        };
        if (key is not null)
        {
            plan.TouchTimestamp(key, "lastUsedAt", JsValues.Iso(at));
        }
    }

    private (string Hour, string Date, string Month) Labels(DateTimeOffset at) => (buckets.Hour(at), buckets.Date(at), buckets.Month(at));

    private static void AddCostBucket(CounterPlan plan, string key, decimal amount, BucketKind kind)
    {
        plan.IncrementFloat(key, amount);
        plan.Expire(key, kind.CostTtl());
    }

    private static void AddKeyBucket(CounterPlan plan, string key, UsageAmounts amounts, bool withEphemeral)
    {
        plan.Increment(key, "tokens", amounts.CoreTokens);
        plan.Increment(key, "inputTokens", amounts.InputTokens);
        plan.Increment(key, "outputTokens", amounts.OutputTokens);
        plan.Increment(key, "cacheCreateTokens", amounts.CacheCreateTokens);
        plan.Increment(key, "cacheReadTokens", amounts.CacheReadTokens);
        plan.Increment(key, "allTokens", amounts.AllTokens);
        plan.Increment(key, "requests", amounts.Requests);
        if (withEphemeral)
        {
            AddEphemeral(plan, key, amounts);
        }
    }

    private static void AddModelFields(CounterPlan plan, string key, UsageAmounts amounts)
    {
        long[] values = [amounts.InputTokens, amounts.OutputTokens, amounts.CacheCreateTokens, amounts.CacheReadTokens, amounts.AllTokens, amounts.Requests];
        for (var i = 0; i < s_modelFields.Length; i++)
        {
            plan.Increment(key, s_modelFields[i], values[i]);
        }
    }

    private static void AddEphemeral(CounterPlan plan, string key, UsageAmounts amounts)
    {
        plan.Increment(key, "ephemeral5mTokens", amounts.Ephemeral5mTokens);
        plan.Increment(key, "ephemeral1hTokens", amounts.Ephemeral1hTokens);
    }
}
