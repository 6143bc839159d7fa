namespace DataAccess.LegacyRedis.Layout;

// The key names of the legacy layout (layout §5), in one place.
public static class LegacyKeys
{
    public const string ApiKeyHashMap = "apikey:hash_map";
    public const string SharedOpenAiAccounts = "shared_openai_accounts";
    public const string SchedulingConfig = "system:scheduling_config";

    public static string ApiKey(string keyId) => $"apikey:{keyId}";

    public static string ApiKeyHash(string hash) => $"apikey_hash:{hash}";

    public static string KeyTotals(string keyId) => $"usage:{keyId}";

    public static string KeyDaily(string keyId, string date) => $"usage:daily:{keyId}:{date}";

    public static string KeyMonthly(string keyId, string month) => $"usage:monthly:{keyId}:{month}";

    public static string KeyHourly(string keyId, string hour) => $"usage:hourly:{keyId}:{hour}";

    public static string ModelDaily(string model, string date) => $"usage:model:daily:{model}:{date}";

    public static string ModelMonthly(string model, string month) => $"usage:model:monthly:{model}:{month}";

    public static string ModelHourly(string model, string hour) => $"usage:model:hourly:{model}:{hour}";

    public static string KeyModelDaily(string keyId, string model, string date) => $"usage:{keyId}:model:daily:{model}:{date}";

    public static string KeyModelMonthly(string keyId, string model, string month) => $"usage:{keyId}:model:monthly:{model}:{month}";

    public static string KeyModelHourly(string keyId, string model, string hour) => $"usage:{keyId}:model:hourly:{model}:{hour}";

    public static string CostDaily(string keyId, string date) => $"usage:cost:daily:{keyId}:{date}";

    public static string CostMonthly(string keyId, string month) => $"usage:cost:monthly:{keyId}:{month}";

    public static string CostHourly(string keyId, string hour) => $"usage:cost:hourly:{keyId}:{hour}";

    public static string CostTotal(string keyId) => $"usage:cost:total:{keyId}";

    public static string AccountTotals(string accountId) => $"account_usage:{accountId}";

    public static string AccountDaily(string accountId, string date) => $"account_usage:daily:{accountId}:{date}";

    public static string AccountMonthly(string accountId, string month) => $"account_usage:monthly:{accountId}:{month}";

    public static string AccountHourly(string accountId, string hour) => $"account_usage:hourly:{accountId}:{hour}";

    public static string AccountModelDaily(string accountId, string model, string date) => $"account_usage:model:daily:{accountId}:{model}:{date}";

    public static string AccountModelMonthly(string accountId, string model, string month) => $"account_usage:model:monthly:{accountId}:{model}:{month}";

    public static string AccountModelHourly(string accountId, string model, string hour) => $"account_usage:model:hourly:{accountId}:{model}:{hour}";

    public static string SystemMinute(long epochMinute) => $"system:metrics:minute:{epochMinute}";

    public static string ClaudeAccount(string accountId) => $"claude:account:{accountId}";

    public static string OpenAiAccount(string accountId) => $"openai:account:{accountId}";

    public static string Session(string token) => $"session:{token}";

    public static string OAuthSession(string sessionId) => $"oauth:{sessionId}";

    public static string StickySession(string sessionHash) => $"sticky_session:{sessionHash}";

    public static string UnifiedClaudeSession(string sessionHash) => $"unified_claude_session_mapping:{sessionHash}";

    public static string Concurrency(string keyId) => $"concurrency:{keyId}";
}
