using DataAccess.Accounts;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;

namespace DataAccess.LegacyRedis.Stores;

// A legacy account hash as the unified contract sees it.
internal static class LegacyAccountModel
{
    // Statuses the relay never schedules.
    private static readonly HashSet<string> s_unschedulable = new(StringComparer.Ordinal) { AccountStatus.Error, "blocked", "unauthorized" };

    // inactive when switched off, rate_limited while limited, else as stored.
    public static string StatusOf(LegacyAccountRecord record, DateTimeOffset now) =>
        AccountRules.StatusShown(record.IsRateLimited(now) ? AccountStatus.RateLimited : record.Status, record.IsActive);

    // The relay's eligibility (layout §5.6) plus the query's own conditions.
    public static bool IsAvailable(LegacyAccountRecord record, AvailableAccountQuery query, DateTimeOffset now)
    {
        if (query.AnyState == true)
        {
            return true;
        }

        if (!record.IsActive || !record.Schedulable)
        {
            return false;
        }

        var status = StatusOf(record, now);
        var limited = status == AccountStatus.RateLimited;
        var statusMatches = query.Status is { } wanted ? status == wanted : limited || !s_unschedulable.Contains(status);
        var excludeLimited = query.RateLimitAvailable ?? query.Status is null;
        var enoughTokens = query.MinTokensRemaining is not { } minimum || RemainingOf(record) is not { } remaining || remaining >= minimum;
        return statusMatches && !(excludeLimited && limited) && enoughTokens;
    }

    public static Account ToAccount(LegacyAccountRecord record, AccountUsageStats usage, DateTimeOffset now)
    {
        var limited = record.IsRateLimited(now);
        return new Account
        {
            Id = record.Id,
            Platform = record.Platform,
            Name = record.Name,
            Description = record.Description,
            Status = StatusOf(record, now),
            AccountType = record.AccountType,
            Priority = record.Priority,
            Schedulable = record.Schedulable,
            IsActive = record.IsActive,
            TokenExpiresAt = record.TokenExpiresAt,
            LastUsedAt = record.LastUsedAt,
            LastRefreshAt = record.LastRefreshAt,
            ErrorMessage = record.ErrorMessage,
            Scopes = record.Scopes,
            Proxy = record.Proxy is { } proxy ? new ProxySummary(proxy.Type, proxy.Host, proxy.Port, proxy.Username, proxy.Password is not null) : null,
            Subscription = AccountSubscription.Parse(record.SubscriptionInfo),
            RateLimitStatus = new AccountRateLimitStatus(limited, RemainingOf(record), limited ? record.RateLimitEndAt ?? record.RateLimitedAt?.AddHours(1) : null),
            UsageStats = usage,
            CreatedAt = record.CreatedAt ?? DateTimeOffset.UnixEpoch,
            UpdatedAt = record.UpdatedAt,
        };
    }

    private static long? RemainingOf(LegacyAccountRecord record) =>
        record.Extras.TryGetValue(LegacyAccountStatus.RateLimitRemainingField, out var value) && JsValues.TryParseNumber(value, out var remaining)
            ? (long)remaining
            : null;
}
