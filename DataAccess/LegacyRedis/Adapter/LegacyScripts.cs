namespace DataAccess.LegacyRedis.Adapter;

// The adapter's writes that must check and change in one step, so neither a concurrent
// legacy relay nor another process of ours can slip in between.
internal static class LegacyScripts
{
    // setApiKey. KEYS: apikey:{id}, apikey:hash_map, the retired-hash index. ARGV: id, the
    // new hash ("" for none), TTL seconds, then field/value pairs. A key that had another
    // hash loses it from the map (upstream keeps it, so the old plain key still works).
    public const string SetApiKey = """
        if ARGV[2] ~= '' then
          local old = redis.call('HGET', KEYS[1], 'apiKey')
          if old and old ~= '' and old ~= ARGV[2] then
            if redis.call('HGET', KEYS[2], old) == ARGV[1] then
              redis.call('HDEL', KEYS[2], old)
            end
            redis.call('HSET', KEYS[3], old, ARGV[1])
          end
          redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
        end
        if #ARGV > 3 then
          redis.call('HSET', KEYS[1], unpack(ARGV, 4))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // A new key, unless its id is taken. KEYS: apikey:{id}, apikey:hash_map. ARGV: id,
    // hash, TTL seconds, field/value pairs. Returns 0 when the id exists.
    public const string CreateApiKey = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return 0
        end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 4))
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // deleteApiKey. KEYS: apikey:{id}, apikey:hash_map. ARGV: id. Returns keys deleted.
    public const string DeleteApiKey = """
        local hash = redis.call('HGET', KEYS[1], 'apiKey')
        if hash and redis.call('HGET', KEYS[2], hash) == ARGV[1] then
          redis.call('HDEL', KEYS[2], hash)
        end
        return redis.call('DEL', KEYS[1])
        """;

    // A soft delete of a key that exists and is not deleted yet: the fields, the TTL, and
    // its hash moved from apikey:hash_map to the retired-hash index (layout §11 rule 7).
    // KEYS: apikey:{id}, apikey:hash_map, the index. ARGV: id, TTL seconds, field/value
    // pairs. Returns 0 when there was nothing to delete.
    public const string SoftDeleteApiKey = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'isDeleted') == 'true' then
          return 0
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 3))
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        local hash = redis.call('HGET', KEYS[1], 'apiKey')
        if hash and hash ~= '' then
          if redis.call('HGET', KEYS[2], hash) == ARGV[1] then
            redis.call('HDEL', KEYS[2], hash)
          end
          redis.call('HSET', KEYS[3], hash, ARGV[1])
        end
        return 1
        """;

    // Changes a hash only if it exists and, when a guard field is named, that field does
    // not hold the guard value (an isDeleted key is not updated). Nothing partial is ever
    // created. KEYS: the hash. ARGV: TTL seconds (0 leaves the TTL), guard field ("" for
    // none), guard value, the number of fields to delete, those fields, then field/value
    // pairs. Returns 0 when nothing was changed.
    public const string UpdateExistingHash = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return 0
        end
        if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[3] then
          return 0
        end
        local deletes = tonumber(ARGV[4])
        if deletes > 0 then
          redis.call('HDEL', KEYS[1], unpack(ARGV, 5, 4 + deletes))
        end
        if #ARGV > 4 + deletes then
          redis.call('HSET', KEYS[1], unpack(ARGV, 5 + deletes))
        end
        if tonumber(ARGV[1]) > 0 then
          redis.call('EXPIRE', KEYS[1], ARGV[1])
        end
        return 1
        """;

    // A hash that must not exist yet, optionally added to a set (shared_openai_accounts).
    // KEYS: the hash, the set. ARGV: set member ("" for none), field/value pairs. Returns
    // 0 when the hash exists.
    public const string CreateHash = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return 0
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        if ARGV[1] ~= '' then
          redis.call('SADD', KEYS[2], ARGV[1])
        end
        return 1
        """;

    // HSET of an account hash; when it is new, the defaults fill what the fields lack.
    // KEYS: the hash. ARGV: the number of pairs, field/value pairs, default pairs.
    public const string SetWithDefaultsOnCreate = """
        local count = tonumber(ARGV[1])
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 2, 1 + 2 * count))
        if existed == 0 then
          for i = 2 + 2 * count, #ARGV, 2 do
            redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
          end
        end
        return 1
        """;

    // HINCRBY of a field of a hash that exists; 0 and nothing created otherwise.
    // KEYS: the hash. ARGV: field, amount.
    public const string IncrementIfExists = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return 0
        end
        return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
        """;

    // decrConcurrency (layout §5.12): a missing or non-positive counter is deleted and
    // reads 0; otherwise it is decremented, and deleted when that reaches 0. DECR keeps the
    // TTL. KEYS: concurrency:{keyId}.
    public const string DecrementConcurrency = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count > 0 then
          count = redis.call('DECR', KEYS[1])
        end
        if count <= 0 then
          redis.call('DEL', KEYS[1])
          return 0
        end
        return count
        """;

    // Releases a lock only for its holder. KEYS: the lock. ARGV: the holder's value.
    public const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
