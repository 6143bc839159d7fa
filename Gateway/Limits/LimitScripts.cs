namespace Gateway.Limits;

// The limit checks run as one script, so a request costs one Redis round trip to admit and
// the check and the lease are atomic: two gateways can never both take the last lease.
internal static class LimitScripts
{
    // KEYS: concurrency set, window start, window requests, window tokens, today's cost,
    // optionally the sticky mapping. ARGV: now (ms), request id, lease (ms), concurrency
    // limit, window (ms), request limit, token limit, daily cost limit, sticky TTL (s).
    // Returns {code, retry-after ms, sticky mapping}; code 0 admits, 1 concurrency,
    // 2 window requests, 3 window tokens, 4 daily cost. In the legacy order; nothing is
    // written unless the request is admitted.
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        local concurrencyLimit = tonumber(ARGV[4])
        if concurrencyLimit > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
          if redis.call('ZCARD', KEYS[1]) >= concurrencyLimit then
            return {1, 0, false}
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
            return {2, retry, false}
          end
          if tokenLimit > 0 and (tonumber(redis.call('GET', KEYS[4])) or 0) >= tokenLimit then
            return {3, retry, false}
          end
        end
        local costLimit = tonumber(ARGV[8])
        if costLimit > 0 and (tonumber(redis.call('GET', KEYS[5])) or 0) >= costLimit then
          return {4, 0, false}
        end
        if concurrencyLimit > 0 then
          local lease = tonumber(ARGV[3])
          redis.call('ZADD', KEYS[1], now + lease, ARGV[2])
          redis.call('PEXPIRE', KEYS[1], lease)
        end
        if windowActive then
          redis.call('INCR', KEYS[3])
        end
        local sticky = false
        if #KEYS >= 6 then
          sticky = redis.call('GET', KEYS[6])
          if sticky then
            redis.call('EXPIRE', KEYS[6], tonumber(ARGV[9]))
          end
        end
        return {0, 0, sticky}
        """;

    // Renews the leases of long requests. KEYS: concurrency sets; ARGV: new expiry (ms),
    // lease (ms), then one request id per key. XX: a lease already released stays released.
    public const string Renew = """
        for i = 1, #KEYS do
          if redis.call('ZADD', KEYS[i], 'XX', 'CH', ARGV[1], ARGV[i + 2]) == 1 then
            redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]))
          end
        end
        return #KEYS
        """;
}
