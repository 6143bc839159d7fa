using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter.Writing;

// Runs a CounterPlan atomically. When event markers are given and any of them exists, it
// writes nothing and returns their positions (1-based), so the caller can drop those
// events and try again; otherwise it sets every marker and applies the plan.
internal static class CounterScript
{
    public const string Script = """
        local markers = tonumber(ARGV[1])
        local repeated = {}
        for i = 1, markers do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            repeated[#repeated + 1] = i
          end
        end
        if #repeated > 0 then
          return repeated
        end
        for i = 1, markers do
          redis.call('SET', KEYS[i], '1', 'EX', ARGV[2])
        end
        local at = 4
        for _ = 1, tonumber(ARGV[3]) do
          local kind, key = ARGV[at], KEYS[tonumber(ARGV[at + 1])]
          if kind == 'h' then
            redis.call('HINCRBY', key, ARGV[at + 2], ARGV[at + 3])
          elseif kind == 'f' then
            redis.call('INCRBYFLOAT', key, ARGV[at + 2])
          elseif kind == 't' then
            if redis.call('EXISTS', key) == 1 then
              local current = redis.call('HGET', key, ARGV[at + 2])
              if not current or current < ARGV[at + 3] then
                redis.call('HSET', key, ARGV[at + 2], ARGV[at + 3])
              end
            end
          else
            redis.call('EXPIRE', key, ARGV[at + 2])
          end
          at = at + 4
        end
        return repeated
        """;

    // The positions (0-based) of the markers that already existed; empty when the plan ran.
    public static async Task<IReadOnlyList<int>> RunAsync(
        IDatabaseAsync redis, CounterPlan plan, IReadOnlyList<string> markers, TimeSpan markerTtl)
    {
        var (keys, arguments) = plan.Encode(markers, markerTtl);
        var result = await redis.ScriptEvaluateAsync(Script, keys, arguments);
        return [.. ((RedisResult[])result!).Select(item => (int)(long)item - 1)];
    }
}
