using DataAccess.ApiKeys;
using DataAccess.Time;
using Gateway.Limits;

namespace Gateway.Tests;

public sealed class KeyCounterNamesTests
{
    private static readonly ApiKeyValidation Key = new()
    {
        Id = Guid.NewGuid(),
        Name = "names test",
        Permissions = "all",
        IsActive = true,
        Status = ApiKeyStatus.Active,
        RateLimits = new RateLimits(0, 0, 0),
        Limits = new ApiKeyLimits(),
        Restrictions = new ApiKeyRestrictions(),
        AccountBindings = new AccountBindings(),
    };

    [Fact]
    public void The_names_are_the_limit_keys_of_the_key()
    {
        var names = KeyCounterNames.Of(Key);

        Assert.Same(names, KeyCounterNames.Of(Key));
        Assert.Equal(
            new[] { LimitKeys.Concurrency(Key.Id), LimitKeys.CounterLeases(Key.Id), LimitKeys.WindowStart(Key.Id), LimitKeys.WindowRequests(Key.Id), LimitKeys.WindowTokens(Key.Id), LimitKeys.TotalTokens(Key.Id) }
                .Select(name => name.ToString()),
            new[] { names.Concurrency, names.CounterLeases, names.WindowStart, names.WindowRequests, names.WindowTokens, names.TotalTokens }.Select(name => name.ToString()));
    }

    // With the legacy offset of +8 the day turns at 16:00 UTC.
    [Fact]
    public void The_daily_cost_name_follows_the_day_in_the_legacy_time_zone()
    {
        var names = KeyCounterNames.Of(Key);
        var buckets = new TimeBuckets(8);

        var morning = names.DailyCost(buckets, new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero));
        var afternoon = names.DailyCost(buckets, new DateTimeOffset(2026, 3, 1, 15, 59, 0, TimeSpan.Zero));
        var evening = names.DailyCost(buckets, new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero));

        Assert.Equal(LimitKeys.DailyCost(Key.Id, "2026-03-01").ToString(), morning.ToString());
        Assert.Equal(morning.ToString(), afternoon.ToString());
        Assert.Equal(LimitKeys.DailyCost(Key.Id, "2026-03-02").ToString(), evening.ToString());
    }
}
