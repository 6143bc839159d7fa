namespace Gateway.Limits;

// The limit checks run as one script, so a request costs one Redis round trip to admit and
// the check and the lease are atomic: two gateways can never both take the last lease.
internal static class LimitScripts
{
    // The reference relay's decrement of its string counter (layout §5.12): never below zero,
    // the key deleted at zero; DECR keeps the TTL.
    private const string ReleaseCounter = """
        local function releaseCounter(key)
          local held = tonumber(redis.call('GET', key)) or 0
          if held <= 0 then
            redis.call('DEL', key)
          elseif redis.call('DECR', key) <= 0 then
            redis.call('DEL', key)
          end
        end
        """;

    // KEYS: concurrency key, window start, window requests, window tokens, today's cost,
    // counter leases, total tokens, optionally the sticky mapping. ARGV: now (ms), request id,
    // lease (ms), concurrency limit, window (ms), window request limit, window token limit,
    // daily cost limit, sticky TTL (s), form of a new concurrency key ("zset" or "counter"),
    // total token limit, the data layer's total tokens, total tokens TTL (s).
    // Returns {code, retry-after ms, sticky mapping, lease form}; code 0 admits, 1 concurrency,
    // 2 window requests, 3 window tokens, 4 daily cost, 5 total tokens. In the legacy order.
    // The concurrency key keeps the form it has: a sorted set of leases, or a string counter
    // that a reference-version relay INCRs and DECRs and in which our leases are counted too
    // (and listed in the counter leases, so those of a crashed gateway are given back when
    // they expire). Nothing but resets and the seed of the total is written unless the
    // request is admitted.
    public const string Acquire = ReleaseCounter + """

        local now = tonumber(ARGV[1])
        local lease = tonumber(ARGV[3])
        local concurrencyLimit = tonumber(ARGV[4])
        local form = false
        if concurrencyLimit > 0 then
          local kind = redis.call('TYPE', KEYS[1])['ok']
          if kind == 'zset' or (kind == 'none' and ARGV[10] ~= 'counter') then
            form = 'zset'
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= concurrencyLimit then
              return {1, 0, false, false}
            end
          else
            form = 'counter'
            local expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)
            if #expired > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
              for _ = 1, #expired do
                releaseCounter(KEYS[1])
              end
            end
            if (tonumber(redis.call('GET', KEYS[1])) or 0) >= concurrencyLimit then
              return {1, 0, false, false}
            end
          end
        end
        local window = tonumber(ARGV[5])
        local requestLimit = tonumber(ARGV[6])
        local tokenLimit = tonumber(ARGV[7])
        local windowActive = window > 0 and (requestLimit > 0 or tokenLimit > 0)
        if windowActive then
          local start = tonumber(redis.call('GET', KEYS[2]))
          if (not start) or now - start >= window then
            start = now
            redis.call('SET', KEYS[2], now, 'PX', window)
            redis.call('SET', KEYS[3], 0, 'PX', window)
            redis.call('SET', KEYS[4], 0, 'PX', window)
          end
          local retry = start + window - now
          if requestLimit > 0 and (tonumber(redis.call('GET', KEYS[3])) or 0) >= requestLimit then
            return {2, retry, false, false}
          end
          if tokenLimit > 0 and (tonumber(redis.call('GET', KEYS[4])) or 0) >= tokenLimit then
            return {3, retry, false, false}
          end
        end
        local costLimit = tonumber(ARGV[8])
        if costLimit > 0 and (tonumber(redis.call('GET', KEYS[5])) or 0) >= costLimit then
          return {4, 0, false, false}
        end
        local totalLimit = tonumber(ARGV[11])
        if totalLimit > 0 then
          local total = tonumber(redis.call('GET', KEYS[7]))
          if total then
            redis.call('EXPIRE', KEYS[7], tonumber(ARGV[13]))
          else
            total = tonumber(ARGV[12])
            redis.call('SET', KEYS[7], ARGV[12], 'EX', tonumber(ARGV[13]))
          end
          if total >= totalLimit then
            return {5, 0, false, false}
          end
        end
        if form == 'zset' then
          redis.call('ZADD', KEYS[1], now + lease, ARGV[2])
          redis.call('PEXPIRE', KEYS[1], lease)
        elseif form == 'counter' then
          redis.call('INCR', KEYS[1])
          redis.call('PEXPIRE', KEYS[1], lease)
          redis.call('ZADD', KEYS[6], now + lease, ARGV[2])
          redis.call('PEXPIRE', KEYS[6], lease)
        end
        if windowActive then
          redis.call('INCR', KEYS[3])
        end
        local sticky = false
        if #KEYS >= 8 then
          sticky = redis.call('GET', KEYS[8])
          if sticky then
            redis.call('EXPIRE', KEYS[8], tonumber(ARGV[9]))
          end
        end
        return {0, 0, sticky, form}
        """;

    // The start of the script that ends a request (UsageRecorder's): gives back its lease in
    // whichever form it was taken, and adds its tokens to the key's total when the total is
    // kept. KEYS[1] concurrency key, KEYS[5] counter leases, KEYS[6] total tokens (optional);
    // ARGV[1] request id, ARGV[2] tokens.
    public const string EndLease = ReleaseCounter + """

        if redis.call('ZREM', KEYS[5], ARGV[1]) == 1 then
          releaseCounter(KEYS[1])
        elseif redis.call('TYPE', KEYS[1])['ok'] == 'zset' then
          redis.call('ZREM', KEYS[1], ARGV[1])
        end
        if #KEYS >= 6 and tonumber(ARGV[2]) > 0 and redis.call('EXISTS', KEYS[6]) == 1 then
          redis.call('INCRBY', KEYS[6], ARGV[2])
        end

        """;

    // Renews the leases of long requests. KEYS: pairs of (lease set, key whose TTL follows it:
    // the string counter for counter leases, else the lease set again); ARGV: new expiry (ms),
    // lease (ms), then one request id per pair. XX: a lease already released stays released.
    public const string Renew = """
        for i = 1, #KEYS, 2 do
          if redis.call('TYPE', KEYS[i])['ok'] == 'zset'
            and redis.call('ZADD', KEYS[i], 'XX', 'CH', ARGV[1], ARGV[(i + 1) / 2 + 2]) == 1 then
            redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]))
            if KEYS[i + 1] ~= KEYS[i] then
              redis.call('PEXPIRE', KEYS[i + 1], tonumber(ARGV[2]))
            end
          end
        end
        return #KEYS / 2
        """;

    // Joins a key's wait queue unless it is full. KEYS: the wait queue. ARGV: now (ms),
    // request id, wait deadline (ms), max waiters. Returns 1 when joined.
    public const string EnterQueue = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - tonumber(ARGV[1]))
        return 1
        """;
}
