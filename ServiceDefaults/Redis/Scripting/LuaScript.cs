using System.Security.Cryptography;
using System.Text;

namespace ServiceDefaults.Redis;

// A Lua script with its SHA1 computed once, so it can be run with EVALSHA (see
// RedisClient.ScriptEvaluateAsync) instead of sending its source every time.
public sealed class LuaScript(string source)
{
    public string Source { get; } = source;

    public string Sha1 { get; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
}
