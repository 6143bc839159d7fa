using System.Text.RegularExpressions;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataAccess.Tests.LegacyRedis;

// What a legacy claude-relay-service reader needs of the database (layout §0, §11): every
// key under a prefix it enumerates has the shape and type it expects there, because one
// foreign key makes its KEYS + HGETALL fail for the whole family.
public static partial class LegacyLayoutConformance
{
    private static readonly (Regex Shape, RedisType Type)[] s_known =
    [
        (Shape(@"^apikey:hash_map$"), RedisType.Hash),
        (Shape(@"^apikey:[0-9a-f-]{36}$"), RedisType.Hash),
        (Shape(@"^usage:cost:(daily|monthly|hourly):[^:]+:.+$"), RedisType.String),
        (Shape(@"^usage:cost:total:[^:]+$"), RedisType.String),
        (Shape(@"^usage:model:(daily|monthly|hourly):.+:\d{4}-\d{2}(-\d{2}(:\d{2})?)?$"), RedisType.Hash),
        (Shape(@"^usage:(daily|monthly|hourly):[^:]+:\d{4}-\d{2}(-\d{2}(:\d{2})?)?$"), RedisType.Hash),
        (Shape(@"^usage:[^:]+:model:(daily|monthly|hourly):.+:\d{4}-\d{2}(-\d{2}(:\d{2})?)?$"), RedisType.Hash),
        (Shape(@"^usage:[^:]+$"), RedisType.Hash),
        (Shape(@"^claude:account:[0-9a-f-]{36}$"), RedisType.Hash),
        (Shape(@"^openai:account:[0-9a-f-]{36}$"), RedisType.Hash),
        (Shape(@"^session:.+$"), RedisType.Hash),
        (Shape(@"^user_session:.+$"), RedisType.String),
        (Shape(@"^sticky_session:.+$"), RedisType.String),
        (Shape(@"^oauth:.+$"), RedisType.Hash),
        (Shape(@"^system:metrics:minute:\d+$"), RedisType.Hash),
    ];

    // The prefixes the relay enumerates with KEYS (layout §0).
    private static readonly string[] s_enumerated =
    [
        "apikey:", "claude:account:", "openai:account:", "claude_console_account:", "gemini_account:", "bedrock_account:", "claude_account:",
        "claude_code_headers:", "usage:", "session:", "sticky_session:", "oauth:", "ratelimit:", "user_session:",
        "openai_session_account_mapping:", "gemini_session_account_mapping:", "system:metrics:minute:",
    ];

    // Families outside the enumerated prefixes whose type is fixed too.
    private static readonly (Regex Shape, RedisType Type)[] s_typed =
    [
        (Shape(@"^account_usage:.+$"), RedisType.Hash),
        (Shape(@"^user:[0-9a-f]{32}$"), RedisType.String),
        (Shape(@"^unified_claude_session_mapping:.+$"), RedisType.String),
        (Shape(@"^concurrency:.+$"), RedisType.String),
        (Shape(@"^shared_openai_accounts$"), RedisType.Set),
        (Shape(@"^system:scheduling_config$"), RedisType.Hash),
        (Shape(@"^apikey_hash:.+$"), RedisType.Hash),
        (Shape(@"^token_refresh_lock:.+$"), RedisType.String),
    ];

    // Every key that would trouble a legacy reader, with the reason.
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IDatabase redis)
    {
        var violations = new List<string>();
        await foreach (var key in redis.KeysAsync())
        {
            var type = await redis.KeyTypeAsync(key);
            var enumerated = s_enumerated.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
            var expected = s_known.Concat(s_typed).FirstOrDefault(family => family.Shape.IsMatch(key));
            if (expected.Shape is null)
            {
                if (enumerated)
                {
                    violations.Add($"{key}: no legacy family has this shape under an enumerated prefix");
                }
            }
            else if (expected.Type != type)
            {
                violations.Add($"{key}: a {type}, but the relay expects a {expected.Type}");
            }
        }

        return violations;
    }

    private static Regex Shape(string pattern) => new(pattern, RegexOptions.CultureInvariant);
}
