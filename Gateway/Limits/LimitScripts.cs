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
    // A call reads each counter it needs from Redis once and writes what its operations added
    // to it once, at the end (the Counters and Leases parts), so that a hot key's dozens of
    // operations in one call cost Redis a few commands rather than ten each. Every operation
    // still sees what the ones before it did, and the script is atomic, so nobody sees the
    // counters in between. The usage of the requests that end in one call goes into one
    // stream entry (one field per request), likewise added at the end.
    //
    // ARGV[1] is the number of operations n; ARGV[2 .. 1 + 4n] give each one's kind ("admit"
    // or "end"), the offset in KEYS where its keys start, key count and argument count; then
    // come the operations' arguments, in order. Operations with the same keys (a busy API
    // key's) share them, so each key list is sent once per call. Returns four values per
    // operation: for "admit" {code, retry-after ms, sticky mapping, lease form}, code 0
    // admitting and 1 to 5 refusing for concurrency, window requests, window tokens, daily
    // cost, total tokens (the legacy order); for "end" {0, 0}; for an operation that failed
    // {-1, 0, the error}.
    public const string Ledger = ReleaseCounter + Counters + Leases + """

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
        local stickies = {}
        local function admit(i, k, a, keyCount)
          local now = tonumber(ARGV[a + 1])
          local concurrencyLimit = tonumber(ARGV[a + 4])
          local form = false
          if concurrencyLimit > 0 then
            local held = leaseCount(KEYS[k + 1])
            if type(held) == 'number' and (held > 0 or ARGV[a + 10] ~= 'counter') then
              form = 'zset'
              -- Expired leases (a crashed gateway's) are only looked for when the set is full.
              if held >= concurrencyLimit then
                writeLeases(KEYS[k + 1])
                redis.call('ZREMRANGEBYSCORE', KEYS[k + 1], '-inf', ARGV[a + 1])
                if leaseCount(KEYS[k + 1]) >= concurrencyLimit then
                  return {1, 0, false, false}
                end
              end
            else
              form = 'counter'
              writeLeases(KEYS[k + 1])
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
          loadCounters(KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 7])
          if windowActive then
            local start = counterValue(KEYS[k + 2])
            local requests, tokens = counterValue(KEYS[k + 3]) or 0, counterValue(KEYS[k + 4]) or 0
            if (not start) or now - start >= window then
              start, requests, tokens = now, 0, 0
              setCounter(KEYS[k + 2], ARGV[a + 1], 'PX', ARGV[a + 5])
              setCounter(KEYS[k + 3], '0', 'PX', ARGV[a + 5])
              setCounter(KEYS[k + 4], '0', 'PX', ARGV[a + 5])
            end
            local retry = start + window - now
            if requestLimit > 0 and requests >= requestLimit then
              return {2, retry, false, false}
            end
            if tokenLimit > 0 and tokens >= tokenLimit then
              return {3, retry, false, false}
            end
          end
          if costLimit > 0 and (counterValue(KEYS[k + 5]) or 0) >= costLimit then
            return {4, 0, false, false}
          end
          if totalLimit > 0 then
            local total = counterValue(KEYS[k + 7])
            if total then
              expireCounter(i, KEYS[k + 7], ARGV[a + 13])
            else
              total = tonumber(ARGV[a + 12])
              setCounter(KEYS[k + 7], ARGV[a + 12], 'EX', ARGV[a + 13])
            end
            if total >= totalLimit then
              return {5, 0, false, false}
            end
          end
          if form == 'zset' then
            addLease(i, KEYS[k + 1], ARGV[a + 2], ARGV[a + 14], ARGV[a + 3])
          elseif form == 'counter' then
            redis.call('INCR', KEYS[k + 1])
            redis.call('PEXPIRE', KEYS[k + 1], ARGV[a + 3])
            redis.call('ZADD', KEYS[k + 6], ARGV[a + 14], ARGV[a + 2])
            redis.call('PEXPIRE', KEYS[k + 6], ARGV[a + 3])
          end
          if windowActive then
            addToCounter(i, KEYS[k + 3], 1)
          end
          local sticky = false
          if keyCount >= 8 then
            -- GETEX again in the same call would answer the same and set the same expiry.
            local seen = stickies[KEYS[k + 8]]
            if seen and seen.ttl == ARGV[a + 9] then
              sticky = seen.mapping
            else
              sticky = redis.call('GETEX', KEYS[k + 8], 'EX', ARGV[a + 9])
              stickies[KEYS[k + 8]] = {ttl = ARGV[a + 9], mapping = sticky}
            end
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
            removeLease(KEYS[k + 1], ARGV[a + 1])
          elseif form == 'counter' then
            writeLeases(KEYS[k + 1])
            if redis.call('ZREM', KEYS[k + 5], ARGV[a + 1]) == 1 then
              releaseCounter(KEYS[k + 1])
            end
          end
          local tokens = tonumber(ARGV[a + 2])
          if keyCount >= 6 and tokens > 0 then
            loadCounters(KEYS[k + 6])
            if counterExists(KEYS[k + 6]) then
              addToCounter(i, KEYS[k + 6], tokens)
            end
          end
          if ARGV[a + 4] == '1' and tokens > 0 then
            addToCounter(i, KEYS[k + 2], tokens)
          end
          if ARGV[a + 5] == '1' and tonumber(ARGV[a + 3]) > 0 then
            addCostToCounter(i, KEYS[k + 3], ARGV[a + 3])
            expireCounter(i, KEYS[k + 3], '2592000')
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

        local count = tonumber(ARGV[1])
        local a = 1 + 4 * count
        local replies = {}
        for i = 0, count - 1 do
          local kind, k = ARGV[2 + 4 * i], tonumber(ARGV[3 + 4 * i])
          local keyCount, argCount = tonumber(ARGV[4 + 4 * i]), tonumber(ARGV[5 + 4 * i])
          local ok, reply
          if kind == 'admit' then
            ok, reply = pcall(admit, i, k, a, keyCount)
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
          a = a + argCount
        end
        writeAllLeases(replies)
        writeAllCounters(replies)
        for _, stream in ipairs(streams) do
          local entry = entries[stream]
          local added = redis.pcall('XADD', stream, '*', unpack(entry.fields))
          if type(added) == 'table' and added.err then
            failedAll(replies, entry.operations, added)
          end
        end
        return replies
        """;

    // What the ledger's operations did to the string counters (window start, requests and
    // tokens, today's cost, total tokens) in this call, over what Redis holds. A counter is
    // read with MGET when first needed; additions are summed and written with one INCRBY or
    // INCRBYFLOAT, and an expiry with one EXPIRE, at the end. A SET is written at once and
    // replaces what was added before it, as it does in Redis. An addition that Redis refuses
    // at the end (the key holds something else) fails the operations that made it.
    private const string Counters = """

        local function failed(replies, i, reply)
          replies[4 * i + 1] = -1
          replies[4 * i + 2] = 0
          replies[4 * i + 3] = type(reply) == 'table' and reply.err or tostring(reply)
          replies[4 * i + 4] = false
        end

        local function failedAll(replies, operations, reply)
          for _, i in ipairs(operations) do
            failed(replies, i, reply)
          end
        end

        local counters, counterOrder = {}, {}
        local function counter(key)
          local entry = counters[key]
          if not entry then
            entry = {loaded = false, stored = nil, exists = false, add = 0, costs = {}, costSum = 0, expire = false, ops = {}}
            counters[key] = entry
            counterOrder[#counterOrder + 1] = key
          end
          return entry
        end

        local function loadCounters(...)
          local unread = {}
          for _, key in ipairs({...}) do
            if not counter(key).loaded then
              unread[#unread + 1] = key
            end
          end
          if #unread > 0 then
            local values = redis.call('MGET', unpack(unread))
            for j, key in ipairs(unread) do
              local entry = counters[key]
              entry.loaded, entry.stored, entry.exists = true, tonumber(values[j]), values[j] ~= false
            end
          end
        end

        -- The number the counter holds (nil when it holds none), as the operations so far left it.
        local function counterValue(key)
          local entry = counters[key]
          if entry.add == 0 and #entry.costs == 0 then
            return entry.stored
          end
          return (entry.stored or 0) + entry.add + entry.costSum
        end

        local function counterExists(key)
          local entry = counters[key]
          return entry.exists or entry.add ~= 0 or #entry.costs > 0
        end

        local function setCounter(key, value, unit, ttl)
          redis.call('SET', key, value, unit, ttl)
          local entry = counter(key)
          entry.loaded, entry.stored, entry.exists = true, tonumber(value), true
          entry.add, entry.costs, entry.costSum, entry.expire, entry.ops = 0, {}, 0, false, {}
        end

        local function addToCounter(i, key, amount)
          local entry = counter(key)
          entry.add = entry.add + amount
          entry.ops[#entry.ops + 1] = i
        end

        local function addCostToCounter(i, key, cost)
          local entry = counter(key)
          entry.costs[#entry.costs + 1] = cost
          entry.costSum = entry.costSum + tonumber(cost)
          entry.ops[#entry.ops + 1] = i
        end

        local function expireCounter(i, key, seconds)
          local entry = counter(key)
          entry.expire = seconds
          entry.ops[#entry.ops + 1] = i
        end

        -- The exact sum of non-negative decimals written without an exponent ("0.000123", as
        -- the gateway writes costs), added in groups of nine digits; nil if one is not so written.
        local function decimalSum(numbers)
          local places, digits = 0, {}
          for j, number in ipairs(numbers) do
            local whole, fraction = string.match(number, '^(%d+)%.?(%d*)$')
            if not whole then
              return nil
            end
            digits[j] = {whole, fraction}
            places = math.max(places, #fraction)
          end
          local groups = {}
          for _, parts in ipairs(digits) do
            local text = parts[1] .. parts[2] .. string.rep('0', places - #parts[2])
            local g, last = 1, #text
            while last >= 1 do
              local first = math.max(1, last - 8)
              groups[g] = (groups[g] or 0) + tonumber(string.sub(text, first, last))
              g, last = g + 1, first - 1
            end
          end
          local carry, text = 0, ''
          for g = 1, #groups do
            local value = groups[g] + carry
            carry = math.floor(value / 1e9)
            text = string.format('%09d', value - carry * 1e9) .. text
          end
          if carry > 0 then
            text = string.format('%d', carry) .. text
          end
          if places > 0 then
            text = string.sub(text, 1, #text - places) .. '.' .. string.sub(text, #text - places + 1)
            text = string.gsub(string.gsub(text, '0+$', ''), '%.$', '')
          end
          text = string.gsub(text, '^0+', '')
          if text == '' or string.sub(text, 1, 1) == '.' then
            text = '0' .. text
          end
          return text
        end

        local function writeCounter(replies, key, entry)
          local results = {}
          if entry.add ~= 0 then
            results[#results + 1] = redis.pcall('INCRBY', key, entry.add)
          end
          if #entry.costs > 0 then
            local sum = #entry.costs == 1 and entry.costs[1] or decimalSum(entry.costs)
            if sum then
              results[#results + 1] = redis.pcall('INCRBYFLOAT', key, sum)
            else
              for _, cost in ipairs(entry.costs) do
                results[#results + 1] = redis.pcall('INCRBYFLOAT', key, cost)
              end
            end
          end
          if entry.expire then
            results[#results + 1] = redis.pcall('EXPIRE', key, entry.expire)
          end
          for _, result in ipairs(results) do
            if type(result) == 'table' and result.err then
              failedAll(replies, entry.ops, result)
              return
            end
          end
        end

        local function writeAllCounters(replies)
          for _, key in ipairs(counterOrder) do
            writeCounter(replies, key, counters[key])
          end
        end
        """;

    // What the ledger's operations did to the sorted sets of leases in this call: a set's
    // size is read with ZCARD once, the leases taken are added with one ZADD and one PEXPIRE
    // at the end, and a lease given back in the same call it was taken in is never written.
    // Before anything else reads or changes a set (expired leases looked for, the counter form
    // used), what the call added to it is written.
    private const string Leases = """

        local leases, leaseOrder = {}, {}

        -- The set's size as the operations so far left it, or the error ZCARD gives for a key
        -- that is not a sorted set.
        local function leaseCount(key)
          local entry = leases[key]
          if entry then
            return entry.count
          end
          local held = redis.pcall('ZCARD', key)
          if type(held) == 'number' then
            leases[key] = {count = held, added = {}, members = {}, expire = false, ops = {}}
            leaseOrder[#leaseOrder + 1] = key
          end
          return held
        end

        local function addLease(i, key, member, expiry, leaseMs)
          local entry = leases[key]
          entry.added[member] = expiry
          entry.members[#entry.members + 1] = member
          entry.count = entry.count + 1
          entry.expire = leaseMs
          entry.ops[#entry.ops + 1] = i
        end

        local function removeLease(key, member)
          local entry = leases[key]
          if entry and entry.added[member] then
            entry.added[member] = nil
            entry.count = entry.count - 1
            return
          end
          if redis.pcall('ZREM', key, member) == 1 and entry then
            entry.count = entry.count - 1
          end
        end

        local function writeLease(key, entry)
          local arguments = {}
          for _, member in ipairs(entry.members) do
            local expiry = entry.added[member]
            if expiry then
              arguments[#arguments + 1] = expiry
              arguments[#arguments + 1] = member
            end
          end
          local result = true
          if #arguments > 0 then
            result = redis.pcall('ZADD', key, unpack(arguments))
          end
          if entry.expire and not (type(result) == 'table' and result.err) then
            result = redis.pcall('PEXPIRE', key, entry.expire)
          end
          return result
        end

        -- Writes what the call added to one set, and forgets its size.
        local function writeLeases(key)
          local entry = leases[key]
          if entry then
            leases[key] = nil
            local result = writeLease(key, entry)
            if type(result) == 'table' and result.err then
              error(result.err)
            end
          end
        end

        local function writeAllLeases(replies)
          for _, key in ipairs(leaseOrder) do
            local entry = leases[key]
            if entry then
              leases[key] = nil
              local result = writeLease(key, entry)
              if type(result) == 'table' and result.err then
                failedAll(replies, entry.ops, result)
              end
            end
          end
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
