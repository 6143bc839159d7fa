namespace Gateway.Limits;

// The Lua the gateway runs against its key counters in Redis.
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

    // The two things a request does to its key's counters: being admitted (the limit checks
    // and the lease, atomically, so two gateways can never both take the last lease) and
    // ending (the lease given back, the tokens and cost counted, the usage queued for the
    // DataService). Many requests' operations go in one call, in the order they were asked
    // for, each still atomic on its own; one that fails (a key of an unexpected type) fails
    // alone.
    //
    // The usage of the requests that end in one call goes into one stream entry (one field
    // per request), added when every operation has run, which spares Redis an XADD per request
    // and delivery an entry per request to read, acknowledge and delete. The script is
    // atomic, so nobody sees the counters before the usage.
    //
    // ARGV[1] is the number of operations n; ARGV[2 .. 1 + 3n] give each one's kind ("admit"
    // or "end"), key count and argument count; then come the operations' arguments, in order,
    // and KEYS holds their keys, in order. Returns four values per operation: for "admit"
    // {code, retry-after ms, sticky mapping, lease form}, code 0 admitting and 1 to 5 refusing
    // for concurrency, window requests, window tokens, daily cost, total tokens (the legacy
    // order); for "end" {0, 0}; for an operation that failed {-1, 0, the error}.
    public const string Ledger = ReleaseCounter + """

        -- KEYS from k: concurrency key, window start, window requests, window tokens, today's
        -- cost, counter leases, total tokens, optionally the sticky mapping. ARGV from a: now
        -- (ms), request id, lease (ms), concurrency limit, window (ms), window request limit,
        -- window token limit, daily cost limit, sticky TTL (s), form of a new concurrency key
        -- ("zset" or "counter"), total token limit, the data layer's total tokens, total
        -- tokens TTL (s), the lease's expiry (ms). Numbers go on to Redis as the strings they
        -- came as: a Lua number would be formatted again for every call.
        -- The concurrency key keeps the form it has: a sorted set of leases, or a string
        -- counter that a reference-version relay INCRs and DECRs and in which our leases are
        -- counted too (and listed in the counter leases, so those of a crashed gateway are
        -- given back when they expire). Nothing but resets and the seed of the total is
        -- written unless the request is admitted.
        local function admit(k, a, keyCount)
          local now = tonumber(ARGV[a + 1])
          local concurrencyLimit = tonumber(ARGV[a + 4])
          local form = false
          if concurrencyLimit > 0 then
            -- ZCARD counts a sorted set's leases and answers 0 for a missing key (an empty set
            -- does not exist); on a string counter it fails.
            local held = redis.pcall('ZCARD', KEYS[k + 1])
            if type(held) == 'number' and (held > 0 or ARGV[a + 10] ~= 'counter') then
              form = 'zset'
              -- Expired leases (a crashed gateway's) are only looked for when the set is full.
              if held >= concurrencyLimit then
                redis.call('ZREMRANGEBYSCORE', KEYS[k + 1], '-inf', ARGV[a + 1])
                if redis.call('ZCARD', KEYS[k + 1]) >= concurrencyLimit then
                  return {1, 0, false, false}
                end
              end
            else
              form = 'counter'
              local expired = redis.call('ZRANGEBYSCORE', KEYS[k + 6], '-inf', ARGV[a + 1])
              if #expired > 0 then
                redis.call('ZREMRANGEBYSCORE', KEYS[k + 6], '-inf', ARGV[a + 1])
                for _ = 1, #expired do
                  releaseCounter(KEYS[k + 1])
                end
              end
              if (tonumber(redis.call('GET', KEYS[k + 1])) or 0) >= concurrencyLimit then
                return {1, 0, false, false}
              end
            end
          end
          local window = tonumber(ARGV[a + 5])
          local requestLimit = tonumber(ARGV[a + 6])
          local tokenLimit = tonumber(ARGV[a + 7])
          local costLimit = tonumber(ARGV[a + 8])
          local totalLimit = tonumber(ARGV[a + 11])
          local windowActive = window > 0 and (requestLimit > 0 or tokenLimit > 0)
          -- window start, window requests, window tokens, today's cost, total tokens
          local read = redis.call('MGET', KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 7])
          if windowActive then
            local start = tonumber(read[1])
            local requests, tokens = tonumber(read[2]) or 0, tonumber(read[3]) or 0
            if (not start) or now - start >= window then
              start, requests, tokens = now, 0, 0
              redis.call('SET', KEYS[k + 2], ARGV[a + 1], 'PX', ARGV[a + 5])
              redis.call('SET', KEYS[k + 3], '0', 'PX', ARGV[a + 5])
              redis.call('SET', KEYS[k + 4], '0', 'PX', ARGV[a + 5])
            end
            local retry = start + window - now
            if requestLimit > 0 and requests >= requestLimit then
              return {2, retry, false, false}
            end
            if tokenLimit > 0 and tokens >= tokenLimit then
              return {3, retry, false, false}
            end
          end
          if costLimit > 0 and (tonumber(read[4]) or 0) >= costLimit then
            return {4, 0, false, false}
          end
          if totalLimit > 0 then
            local total = tonumber(read[5])
            if total then
              redis.call('EXPIRE', KEYS[k + 7], ARGV[a + 13])
            else
              total = tonumber(ARGV[a + 12])
              redis.call('SET', KEYS[k + 7], ARGV[a + 12], 'EX', ARGV[a + 13])
            end
            if total >= totalLimit then
              return {5, 0, false, false}
            end
          end
          if form == 'zset' then
            redis.call('ZADD', KEYS[k + 1], ARGV[a + 14], ARGV[a + 2])
            redis.call('PEXPIRE', KEYS[k + 1], ARGV[a + 3])
          elseif form == 'counter' then
            redis.call('INCR', KEYS[k + 1])
            redis.call('PEXPIRE', KEYS[k + 1], ARGV[a + 3])
            redis.call('ZADD', KEYS[k + 6], ARGV[a + 14], ARGV[a + 2])
            redis.call('PEXPIRE', KEYS[k + 6], ARGV[a + 3])
          end
          if windowActive then
            redis.call('INCR', KEYS[k + 3])
          end
          local sticky = false
          if keyCount >= 8 then
            sticky = redis.call('GETEX', KEYS[k + 8], 'EX', ARGV[a + 9])
          end
          return {0, 0, sticky, form}
        end

        -- KEYS from k: concurrency key, window tokens, today's cost, usage stream, counter
        -- leases, optionally the key's total tokens. ARGV from a: request id, tokens, cost,
        -- window active (1/0), write cost (1/0), the form the lease was taken in ("zset",
        -- "counter" or "none"), then the request's usage stream fields, if any, which are
        -- added to the call's entry for that stream. A lease whose set has meanwhile become
        -- something else (expired, and made a counter by another relay) is gone already.
        local entries, streams = {}, {}
        local function finish(i, k, a, keyCount, argCount)
          local form = ARGV[a + 6]
          if form == 'zset' then
            redis.pcall('ZREM', KEYS[k + 1], ARGV[a + 1])
          elseif form == 'counter' and redis.call('ZREM', KEYS[k + 5], ARGV[a + 1]) == 1 then
            releaseCounter(KEYS[k + 1])
          end
          local tokens = tonumber(ARGV[a + 2])
          if keyCount >= 6 and tokens > 0 and redis.call('EXISTS', KEYS[k + 6]) == 1 then
            redis.call('INCRBY', KEYS[k + 6], ARGV[a + 2])
          end
          if ARGV[a + 4] == '1' and tokens > 0 then
            redis.call('INCRBY', KEYS[k + 2], ARGV[a + 2])
          end
          if ARGV[a + 5] == '1' and tonumber(ARGV[a + 3]) > 0 then
            redis.call('INCRBYFLOAT', KEYS[k + 3], ARGV[a + 3])
            redis.call('EXPIRE', KEYS[k + 3], '2592000')
          end
          if argCount > 6 then
            local entry = entries[KEYS[k + 4]]
            if not entry then
              entry = {fields = {}, operations = {}}
              entries[KEYS[k + 4]] = entry
              streams[#streams + 1] = KEYS[k + 4]
            end
            for j = a + 7, a + argCount do
              entry.fields[#entry.fields + 1] = ARGV[j]
            end
            entry.operations[#entry.operations + 1] = i
          end
          return {0, 0, false, false}
        end

        local function failed(replies, i, reply)
          replies[4 * i + 1] = -1
          replies[4 * i + 2] = 0
          replies[4 * i + 3] = type(reply) == 'table' and reply.err or tostring(reply)
          replies[4 * i + 4] = false
        end

        local count = tonumber(ARGV[1])
        local k, a = 0, 1 + 3 * count
        local replies = {}
        for i = 0, count - 1 do
          local kind, keyCount, argCount = ARGV[2 + 3 * i], tonumber(ARGV[3 + 3 * i]), tonumber(ARGV[4 + 3 * i])
          local ok, reply
          if kind == 'admit' then
            ok, reply = pcall(admit, k, a, keyCount)
          else
            ok, reply = pcall(finish, i, k, a, keyCount, argCount)
          end
          if ok then
            for j = 1, 4 do
              replies[4 * i + j] = reply[j]
            end
          else
            failed(replies, i, reply)
          end
          k = k + keyCount
          a = a + argCount
        end
        for _, stream in ipairs(streams) do
          local entry = entries[stream]
          local added = redis.pcall('XADD', stream, '*', unpack(entry.fields))
          if type(added) == 'table' and added.err then
            for _, i in ipairs(entry.operations) do
              failed(replies, i, added)
            end
          end
        end
        return replies
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
