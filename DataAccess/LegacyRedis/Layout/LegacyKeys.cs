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

    public static string KeyUsage(BucketKind kind, string keyId, string label) => $"usage:{kind.Name()}:{keyId}:{label}";

    public static string KeyDaily(string keyId, string date) => KeyUsage(BucketKind.Daily, keyId, date);

    public static string KeyMonthly(string keyId, string month) => KeyUsage(BucketKind.Monthly, keyId, month);

    public static string KeyHourly(string keyId, string hour) => KeyUsage(BucketKind.Hourly, keyId, hour);

    public static string ModelUsage(BucketKind kind, string model, string label) => $"usage:model:{kind.Name()}:{model}:{label}";

    public static string ModelDaily(string model, string date) => ModelUsage(BucketKind.Daily, model, date);

    public static string ModelMonthly(string model, string month) => ModelUsage(BucketKind.Monthly, model, month);

    public static string ModelHourly(string model, string hour) => ModelUsage(BucketKind.Hourly, model, hour);

    public static string KeyModelUsage(BucketKind kind, string keyId, string model, string label) => $"usage:{keyId}:model:{kind.Name()}:{model}:{label}";

    public static string KeyModelDaily(string keyId, string model, string date) => KeyModelUsage(BucketKind.Daily, keyId, model, date);

    public static string KeyModelMonthly(string keyId, string model, string month) => KeyModelUsage(BucketKind.Monthly, keyId, model, month);

    public static string KeyModelHourly(string keyId, string model, string hour) => KeyModelUsage(BucketKind.Hourly, keyId, model, hour);

    public static string Cost(BucketKind kind, string keyId, string label) => $"usage:cost:{kind.Name()}:{keyId}:{label}";

    public static string CostDaily(string keyId, string date) => Cost(BucketKind.Daily, keyId, date);

    public static string CostMonthly(string keyId, string month) => Cost(BucketKind.Monthly, keyId, month);

    public static string CostHourly(string keyId, string hour) => Cost(BucketKind.Hourly, keyId, hour);

    public static string CostTotal(string keyId) => $"usage:cost:total:{keyId}";

    public static string AccountTotals(string accountId) => $"account_usage:{accountId}";

    public static string AccountUsage(BucketKind kind, string accountId, string label) => $"account_usage:{kind.Name()}:{accountId}:{label}";

    public static string AccountDaily(string accountId, string date) => AccountUsage(BucketKind.Daily, accountId, date);

    public static string AccountMonthly(string accountId, string month) => AccountUsage(BucketKind.Monthly, accountId, month);

    public static string AccountHourly(string accountId, string hour) => AccountUsage(BucketKind.Hourly, accountId, hour);

    public static string AccountModelUsage(BucketKind kind, string accountId, string model, string label) =>
        $"account_usage:model:{kind.Name()}:{accountId}:{model}:{label}";

    public static string AccountModelDaily(string accountId, string model, string date) => AccountModelUsage(BucketKind.Daily, accountId, model, date);

    public static string AccountModelMonthly(string accountId, string model, string month) => AccountModelUsage(BucketKind.Monthly, accountId, model, month);

    public static string AccountModelHourly(string accountId, string model, string hour) => AccountModelUsage(BucketKind.Hourly, accountId, model, hour);

    public static string SystemMinute(long epochMinute) => $"system:metrics:minute:{epochMinute}";

    public static string ClaudeAccount(string accountId) => $"claude:account:{accountId}";

    public static string OpenAiAccount(string accountId) => $"openai:account:{accountId}";

    public static string ClaudeConsoleAccount(string accountId) => $"claude_console_account:{accountId}";

    public static string GeminiAccount(string accountId) => $"gemini_account:{accountId}";

    public static string AccountGroupMembers(string groupId) => $"account_group_members:{groupId}";

    public static string Session(string token) => $"session:{token}";

    public static string UserSession(string token) => $"user_session:{token}";

    public static string OAuthSession(string sessionId) => $"oauth:{sessionId}";

    public static string StickySession(string sessionHash) => $"sticky_session:{sessionHash}";

    public static string UnifiedClaudeSession(string sessionHash) => $"unified_claude_session_mapping:{sessionHash}";

    public static string Concurrency(string keyId) => $"concurrency:{keyId}";

    public static string User(string userId) => $"user:{userId}";

    public static string TokenRefreshLock(string platform, string accountId) => $"token_refresh_lock:{platform}:{accountId}";
}
