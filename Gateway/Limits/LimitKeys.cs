using StackExchange.Redis;

namespace Gateway.Limits;

// The Redis names of a key's limit counters. They are the legacy relay's (layout §5.12 and
// §5.3), so a claude-relay-service sharing the Redis during a migration counts against the
// same limits: the request and token windows, today's cost, and the concurrency leases as
// the sorted set of its later versions (member = request id, score = lease expiry in ms).
public static class LimitKeys
{
    public static RedisKey Concurrency(Guid keyId) => $"concurrency:{keyId}";

    public static RedisKey WindowStart(Guid keyId) => $"rate_limit:window_start:{keyId}";

    public static RedisKey WindowRequests(Guid keyId) => $"rate_limit:requests:{keyId}";

    public static RedisKey WindowTokens(Guid keyId) => $"rate_limit:tokens:{keyId}";

    public static RedisKey DailyCost(Guid keyId, string date) => $"usage:cost:daily:{keyId}:{date}";
}
