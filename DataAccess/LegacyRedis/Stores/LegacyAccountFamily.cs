using DataAccess.Accounts;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;

namespace DataAccess.LegacyRedis.Stores;

// What differs between the Claude OAuth and OpenAI account families: key names, the
// relay's field sets, the set of shared ids, and whether tokens can be refreshed.
internal sealed record LegacyAccountFamily(
    string Platform,
    Func<string, string> Key,
    string ScanPattern,
    string? SharedSet,
    bool CanRefresh)
{
    public static readonly LegacyAccountFamily Claude = new(AccountPlatform.Claude, LegacyKeys.ClaudeAccount, "claude:account:*", null, CanRefresh: true);

    public static readonly LegacyAccountFamily OpenAi = new(AccountPlatform.OpenAi, LegacyKeys.OpenAiAccount, "openai:account:*", LegacyKeys.SharedOpenAiAccounts, CanRefresh: false);

    public Dictionary<string, string> Write(LegacyAccountFields fields, Guid id, CreateAccountRequest request, DateTimeOffset now) =>
        Platform == AccountPlatform.Claude ? fields.WriteClaude(id, request, now) : fields.WriteOpenAi(id, request, now);

    public LegacyAccountRecord Read(LegacyAccountFields fields, Guid id, IReadOnlyDictionary<string, string> stored) =>
        Platform == AccountPlatform.Claude ? fields.ReadClaude(id, stored) : fields.ReadOpenAi(id, stored);
}
