using StackExchange.Redis;

namespace DataAccess.Redis;

public static class RedisInfo
{
    // INFO {section} as field/value pairs, from whichever server the database routes to
    // (IServer.InfoAsync needs one endpoint picked by hand).
    public static async Task<IReadOnlyDictionary<string, string>> InfoAsync(this IDatabaseAsync redis, string section)
    {
        var text = (string?)await redis.ExecuteAsync("INFO", section) ?? "";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('#') && line.Split(':', 2) is [var name, var value])
            {
                fields[name] = value;
            }
        }

        return fields;
    }
}
