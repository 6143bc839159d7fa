using System.Globalization;
using DataAccess.Usage;
using StackExchange.Redis;

namespace Gateway.Usage;

// One request's usage as it waits in the Redis stream for the DataService. The event id and
// timestamp are fixed when the entry is written, so however often delivery is retried the
// DataService counts it once.
public static class UsageEntry
{
    public static RedisValue[] Fields(Guid eventId, DateTimeOffset timestamp, Guid keyId, Guid accountId, string model, TokenUsage usage, decimal cost) =>
    [
        "event", eventId.ToString(),
        "at", timestamp.ToUnixTimeMilliseconds(),
        "key", keyId.ToString(),
        "account", accountId.ToString(),
        "model", model,
        "input", usage.Input,
        "output", usage.Output,
        "cacheCreate", usage.CacheCreate,
        "cacheRead", usage.CacheRead,
        "ephemeral5m", usage.Ephemeral5m,
        "ephemeral1h", usage.Ephemeral1h,
        "cost", cost.ToString(CultureInfo.InvariantCulture),
    ];

    public static UsageRecord? Read(StreamEntry entry)
    {
        if (entry.IsNull || entry.Values is not { Length: > 0 })
        {
            return null;
        }

        var fields = entry.Values.ToDictionary(value => (string)value.Name!, value => value.Value);
        return new UsageRecord
        {
            EventId = Guid.Parse((string)fields["event"]!),
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)fields["at"]),
            ApiKeyId = Guid.Parse((string)fields["key"]!),
            AccountId = Guid.Parse((string)fields["account"]!),
            AccountType = "claude",
            Model = (string)fields["model"]!,
            InputTokens = (long)fields["input"],
            OutputTokens = (long)fields["output"],
            CacheCreateTokens = (long)fields["cacheCreate"],
            CacheReadTokens = (long)fields["cacheRead"],
            Ephemeral5mTokens = (long)fields["ephemeral5m"],
            Ephemeral1hTokens = (long)fields["ephemeral1h"],
            Cost = decimal.Parse((string)fields["cost"]!, CultureInfo.InvariantCulture),
        };
    }
}
