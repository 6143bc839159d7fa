using StackExchange.Redis;

namespace Gateway.Limits;

// The Redis names of a key's limit counters. Those the legacy relay also keeps are its own
// names (layout §5.12 and §5.3), so a claude-relay-service sharing the Redis during a
// migration counts against the same limits: the request and token windows, today's cost,
// and the concurrency key, a sorted set of leases (member = request id, score = lease expiry
// in ms) as in its later versions or the string counter of the reference version. The rest
// are ours, under crs2: where no legacy pattern reaches.
public static class LimitKeys
{
    public static RedisKey Concurrency(Guid keyId) => $"concurrency:{keyId}";

    // Our leases counted in a string concurrency counter, so that those of a crashed gateway
    // expire like sorted-set leases do.
    public static RedisKey CounterLeases(Guid keyId) => $"crs2:gateway:counter-leases:{keyId}";

    public static RedisKey WindowStart(Guid keyId) => $"rate_limit:window_start:{keyId}";

    public static RedisKey WindowRequests(Guid keyId) => $"rate_limit:requests:{keyId}";

    public static RedisKey WindowTokens(Guid keyId) => $"rate_limit:tokens:{keyId}";

    public static RedisKey DailyCost(Guid keyId, string date) => $"usage:cost:daily:{keyId}:{date}";

    // The key's lifetime tokens, seeded from the data layer's total and counted up as requests
    // end, for keys with a total token limit.
    public static RedisKey TotalTokens(Guid keyId) => $"crs2:gateway:total-tokens:{keyId}";

    // Requests waiting for a concurrency lease (member = request id, score = wait deadline).
    public static RedisKey WaitQueue(Guid keyId) => $"crs2:gateway:wait-queue:{keyId}";
}
