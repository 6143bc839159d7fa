using System.Text.Json.Nodes;
using DataAccess.Security;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Rows;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// The tables a backfill run writes, column by column (schema 0001 and 0002). runId marks the
// rows of tables whose entries a later run may no longer see (hash-map entries, quarantine).
internal sealed class BackfillTables(AccountSecretProtector protector, long runId)
{
    public RowTable<UsageBucketRow, (Guid, UsageKind, DateTimeOffset, BucketGranularity, string)> UsageBuckets { get; } = new(
        "legacy_usage_buckets",
        row => (row.OwnerId, row.Kind, row.Bucket.Start, row.Bucket.Granularity, row.Model),
        Columns.Of<UsageBucketRow, Guid>("owner_id", NpgsqlDbType.Uuid, row => row.OwnerId, key: true),
        Columns.Of<UsageBucketRow, string>("kind", NpgsqlDbType.Text, row => row.Kind.SqlName(), key: true),
        Columns.Of<UsageBucketRow, DateTimeOffset>("bucket_start", NpgsqlDbType.TimestampTz, row => row.Bucket.Start, key: true),
        Columns.Of<UsageBucketRow, string>("granularity", NpgsqlDbType.Text, row => row.Bucket.Granularity.SqlName(), key: true),
        Columns.Of<UsageBucketRow, string>("model", NpgsqlDbType.Text, row => row.Model, key: true),
        Columns.Of<UsageBucketRow, string>("bucket", NpgsqlDbType.Text, row => row.Bucket.Text),
        Columns.Of<UsageBucketRow, int>("offset_hours", NpgsqlDbType.Integer, row => row.OffsetHours),
        Columns.Of<UsageBucketRow, long>("requests", NpgsqlDbType.Bigint, row => row.Measures.Requests),
        Columns.Of<UsageBucketRow, long>("input_tokens", NpgsqlDbType.Bigint, row => row.Measures.InputTokens),
        Columns.Of<UsageBucketRow, long>("output_tokens", NpgsqlDbType.Bigint, row => row.Measures.OutputTokens),
        Columns.Of<UsageBucketRow, long>("cache_create_tokens", NpgsqlDbType.Bigint, row => row.Measures.CacheCreateTokens),
        Columns.Of<UsageBucketRow, long>("cache_read_tokens", NpgsqlDbType.Bigint, row => row.Measures.CacheReadTokens),
        Columns.Of<UsageBucketRow, long>("ephemeral_5m_tokens", NpgsqlDbType.Bigint, row => row.Measures.Ephemeral5mTokens),
        Columns.Of<UsageBucketRow, long>("ephemeral_1h_tokens", NpgsqlDbType.Bigint, row => row.Measures.Ephemeral1hTokens),
        Columns.Of<UsageBucketRow, long>("total_tokens", NpgsqlDbType.Bigint, row => row.Measures.TotalTokens),
        Columns.Of<UsageBucketRow, decimal>("cost", NpgsqlDbType.Numeric, row => row.Cost),
        Columns.Json<UsageBucketRow>("raw", row => row.Raw));

    public RowTable<UsageLifetimeRow, (Guid, UsageKind)> UsageLifetimes { get; } = new(
        "legacy_usage_lifetime",
        row => (row.OwnerId, row.Kind),
        Columns.Of<UsageLifetimeRow, Guid>("owner_id", NpgsqlDbType.Uuid, row => row.OwnerId, key: true),
        Columns.Of<UsageLifetimeRow, string>("kind", NpgsqlDbType.Text, row => row.Kind.SqlName(), key: true),
        Columns.Of<UsageLifetimeRow, long>("requests", NpgsqlDbType.Bigint, row => row.Measures.Requests),
        Columns.Of<UsageLifetimeRow, long>("input_tokens", NpgsqlDbType.Bigint, row => row.Measures.InputTokens),
        Columns.Of<UsageLifetimeRow, long>("output_tokens", NpgsqlDbType.Bigint, row => row.Measures.OutputTokens),
        Columns.Of<UsageLifetimeRow, long>("cache_create_tokens", NpgsqlDbType.Bigint, row => row.Measures.CacheCreateTokens),
        Columns.Of<UsageLifetimeRow, long>("cache_read_tokens", NpgsqlDbType.Bigint, row => row.Measures.CacheReadTokens),
        Columns.Of<UsageLifetimeRow, long>("ephemeral_5m_tokens", NpgsqlDbType.Bigint, row => row.Measures.Ephemeral5mTokens),
        Columns.Of<UsageLifetimeRow, long>("ephemeral_1h_tokens", NpgsqlDbType.Bigint, row => row.Measures.Ephemeral1hTokens),
        Columns.Of<UsageLifetimeRow, long>("total_tokens", NpgsqlDbType.Bigint, row => row.Measures.TotalTokens),
        Columns.Of<UsageLifetimeRow, decimal>("cost", NpgsqlDbType.Numeric, row => row.Cost),
        Columns.Json<UsageLifetimeRow>("raw", row => row.Raw));

    public RowTable<ApiKeyRow, Guid> ApiKeys { get; } = new(
        "api_keys",
        row => row.Id,
        Columns.Of<ApiKeyRow, Guid>("id", NpgsqlDbType.Uuid, row => row.Id, key: true),
        Columns.Of<ApiKeyRow, string>("name", NpgsqlDbType.Text, row => row.Name),
        Columns.Of<ApiKeyRow, string>("description", NpgsqlDbType.Text, row => row.Description),
        Columns.Of<ApiKeyRow, string>("key_hash", NpgsqlDbType.Text, row => row.KeyHash),
        Columns.Of<ApiKeyRow, long>("token_limit", NpgsqlDbType.Bigint, row => row.TokenLimit),
        Columns.Of<ApiKeyRow, int>("concurrency_limit", NpgsqlDbType.Integer, row => row.ConcurrencyLimit),
        Columns.Of<ApiKeyRow, int>("rate_limit_window_minutes", NpgsqlDbType.Integer, row => row.RateLimitWindowMinutes),
        Columns.Of<ApiKeyRow, int>("rate_limit_requests", NpgsqlDbType.Integer, row => row.RateLimitRequests),
        Columns.Of<ApiKeyRow, decimal>("daily_cost_limit", NpgsqlDbType.Numeric, row => row.DailyCostLimit),
        Columns.Of<ApiKeyRow, string>("permissions", NpgsqlDbType.Text, row => row.Permissions),
        Columns.Of<ApiKeyRow, bool>("enable_model_restriction", NpgsqlDbType.Boolean, row => row.EnableModelRestriction),
        Columns.TextArray<ApiKeyRow>("restricted_models", row => row.RestrictedModels),
        Columns.Of<ApiKeyRow, bool>("enable_client_restriction", NpgsqlDbType.Boolean, row => row.EnableClientRestriction),
        Columns.TextArray<ApiKeyRow>("allowed_clients", row => row.AllowedClients),
        Columns.TextArray<ApiKeyRow>("tags", row => row.Tags),
        Columns.Of<ApiKeyRow, string?>("claude_account_id", NpgsqlDbType.Text, row => row.ClaudeAccountId),
        Columns.Of<ApiKeyRow, string?>("claude_console_account_id", NpgsqlDbType.Text, row => row.ClaudeConsoleAccountId),
        Columns.Of<ApiKeyRow, string?>("gemini_account_id", NpgsqlDbType.Text, row => row.GeminiAccountId),
        Columns.Of<ApiKeyRow, string?>("openai_account_id", NpgsqlDbType.Text, row => row.OpenAiAccountId),
        Columns.Of<ApiKeyRow, string?>("bedrock_account_id", NpgsqlDbType.Text, row => row.BedrockAccountId),
        Columns.Of<ApiKeyRow, bool>("is_active", NpgsqlDbType.Boolean, row => row.IsActive),
        Columns.Of<ApiKeyRow, string>("created_by", NpgsqlDbType.Text, row => row.CreatedBy),
        Columns.Of<ApiKeyRow, string?>("user_id", NpgsqlDbType.Text, row => row.UserId),
        Columns.Of<ApiKeyRow, string?>("user_username", NpgsqlDbType.Text, row => row.UserUsername),
        Columns.Of<ApiKeyRow, DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz, row => row.CreatedAt),
        Columns.Of<ApiKeyRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt),
        Columns.Of<ApiKeyRow, DateTimeOffset?>("last_used_at", NpgsqlDbType.TimestampTz, row => row.LastUsedAt) with { Shown = LastUsedShown("usage_totals_key", "api_key_id") },
        Columns.Of<ApiKeyRow, DateTimeOffset?>("expires_at", NpgsqlDbType.TimestampTz, row => row.ExpiresAt),
        Columns.Of<ApiKeyRow, bool>("is_deleted", NpgsqlDbType.Boolean, row => row.IsDeleted),
        Columns.Of<ApiKeyRow, DateTimeOffset?>("deleted_at", NpgsqlDbType.TimestampTz, row => row.DeletedAt),
        Columns.Of<ApiKeyRow, string?>("deleted_by", NpgsqlDbType.Text, row => row.DeletedBy),
        Columns.Of<ApiKeyRow, string?>("deleted_by_type", NpgsqlDbType.Text, row => row.DeletedByType),
        Columns.Json<ApiKeyRow>("extra", row => row.Extra));

    public RowTable<AccountRow, Guid> Accounts { get; } = new(
        "accounts",
        row => row.Id,
        Columns.Of<AccountRow, Guid>("id", NpgsqlDbType.Uuid, row => row.Id, key: true),
        Columns.Of<AccountRow, string>("platform", NpgsqlDbType.Text, row => row.Platform),
        Columns.Of<AccountRow, string>("name", NpgsqlDbType.Text, row => row.Name),
        Columns.Of<AccountRow, string>("description", NpgsqlDbType.Text, row => row.Description),
        Columns.Of<AccountRow, string>("status", NpgsqlDbType.Text, row => row.Status),
        Columns.Of<AccountRow, string>("account_type", NpgsqlDbType.Text, row => row.AccountType),
        Columns.Of<AccountRow, int>("priority", NpgsqlDbType.Integer, row => row.Priority),
        Columns.Of<AccountRow, bool>("schedulable", NpgsqlDbType.Boolean, row => row.Schedulable),
        Columns.Of<AccountRow, bool>("is_active", NpgsqlDbType.Boolean, row => row.IsActive),
        Columns.Json<AccountRow>("proxy", row => row.Proxy),
        Columns.Of<AccountRow, byte[]?>("secrets", NpgsqlDbType.Bytea, row => row.EncryptedSecrets) with
        {
            Matches = (row, stored) => stored is byte[] bytes && SecretsEqual(protector.UnprotectString(bytes, row.Id.ToString()), row.Secrets),
        },
        Columns.TextArray<AccountRow>("scopes", row => row.Scopes),
        Columns.Of<AccountRow, DateTimeOffset?>("token_expires_at", NpgsqlDbType.TimestampTz, row => row.TokenExpiresAt),
        Columns.Of<AccountRow, DateTimeOffset?>("last_used_at", NpgsqlDbType.TimestampTz, row => row.LastUsedAt) with { Shown = LastUsedShown("usage_totals_account", "account_id") },
        Columns.Of<AccountRow, DateTimeOffset?>("last_refresh_at", NpgsqlDbType.TimestampTz, row => row.LastRefreshAt),
        Columns.Of<AccountRow, DateTimeOffset?>("rate_limited_at", NpgsqlDbType.TimestampTz, row => row.RateLimitedAt),
        Columns.Of<AccountRow, DateTimeOffset?>("rate_limit_reset_at", NpgsqlDbType.TimestampTz, row => row.RateLimitResetAt),
        Columns.Of<AccountRow, string?>("error_message", NpgsqlDbType.Text, row => row.ErrorMessage),
        Columns.Json<AccountRow>("subscription_info", row => row.SubscriptionInfo),
        Columns.Of<AccountRow, DateTimeOffset?>("session_window_start", NpgsqlDbType.TimestampTz, row => row.SessionWindowStart),
        Columns.Of<AccountRow, DateTimeOffset?>("session_window_end", NpgsqlDbType.TimestampTz, row => row.SessionWindowEnd),
        Columns.Of<AccountRow, DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz, row => row.CreatedAt),
        Columns.Of<AccountRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt),
        Columns.Json<AccountRow>("extra", row => row.Extra));

    public RowTable<AccountGroupRow, Guid> Groups { get; } = new(
        "account_groups",
        row => row.Id,
        Columns.Of<AccountGroupRow, Guid>("id", NpgsqlDbType.Uuid, row => row.Id, key: true),
        Columns.Of<AccountGroupRow, string>("name", NpgsqlDbType.Text, row => row.Name),
        Columns.Of<AccountGroupRow, string>("platform", NpgsqlDbType.Text, row => row.Platform),
        Columns.Of<AccountGroupRow, string>("description", NpgsqlDbType.Text, row => row.Description),
        Columns.Of<AccountGroupRow, DateTimeOffset?>("created_at", NpgsqlDbType.TimestampTz, row => row.CreatedAt),
        Columns.Of<AccountGroupRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt),
        Columns.Json<AccountGroupRow>("extra", row => row.Extra));

    public RowTable<UserRow, string> Users { get; } = new(
        "users",
        row => row.Id,
        Columns.Of<UserRow, string>("id", NpgsqlDbType.Text, row => row.Id, key: true),
        Columns.Of<UserRow, string>("username", NpgsqlDbType.Text, row => row.Username),
        Columns.Of<UserRow, string?>("email", NpgsqlDbType.Text, row => row.Email),
        Columns.Of<UserRow, string?>("display_name", NpgsqlDbType.Text, row => row.DisplayName),
        Columns.Of<UserRow, string>("role", NpgsqlDbType.Text, row => row.Role),
        Columns.Of<UserRow, bool>("is_active", NpgsqlDbType.Boolean, row => row.IsActive),
        Columns.Of<UserRow, DateTimeOffset?>("created_at", NpgsqlDbType.TimestampTz, row => row.CreatedAt),
        Columns.Of<UserRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt),
        Columns.Of<UserRow, DateTimeOffset?>("last_login_at", NpgsqlDbType.TimestampTz, row => row.LastLoginAt),
        Columns.Json<UserRow>("data", row => row.Data));

    public RowTable<SessionRow, string> Sessions { get; } = new(
        "sessions",
        row => row.TokenHash,
        Columns.Of<SessionRow, string>("token_hash", NpgsqlDbType.Text, row => row.TokenHash, key: true),
        Columns.Of<SessionRow, string>("user_id", NpgsqlDbType.Text, row => row.UserId),
        Columns.Of<SessionRow, string>("user_type", NpgsqlDbType.Text, row => row.UserType),
        Columns.Json<SessionRow>("data", row => row.Data),
        Columns.Of<SessionRow, DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz, row => row.CreatedAt),
        Columns.Of<SessionRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt),
        Columns.Expiry<SessionRow>("expires_at", row => row.ExpiresAt));

    public RowTable<OAuthSessionRow, string> OAuthSessions { get; } = new(
        "oauth_sessions",
        row => row.Id,
        Columns.Of<OAuthSessionRow, string>("id", NpgsqlDbType.Text, row => row.Id, key: true),
        Columns.Json<OAuthSessionRow>("data", row => row.Data),
        Columns.Expiry<OAuthSessionRow>("expires_at", row => row.ExpiresAt));

    public RowTable<StickySessionRow, (string, string)> StickySessions { get; } = new(
        "sticky_sessions",
        row => (row.Scope, row.SessionHash),
        Columns.Of<StickySessionRow, string>("scope", NpgsqlDbType.Text, row => row.Scope, key: true),
        Columns.Of<StickySessionRow, string>("session_hash", NpgsqlDbType.Text, row => row.SessionHash, key: true),
        Columns.Of<StickySessionRow, string>("account_id", NpgsqlDbType.Text, row => row.AccountId),
        Columns.Of<StickySessionRow, string?>("account_type", NpgsqlDbType.Text, row => row.AccountType),
        Columns.Of<StickySessionRow, string>("value", NpgsqlDbType.Text, row => row.Value),
        Columns.Expiry<StickySessionRow>("expires_at", row => row.ExpiresAt));

    public RowTable<SettingRow, string> Settings { get; } = new(
        "settings",
        row => row.Key,
        Columns.Of<SettingRow, string>("key", NpgsqlDbType.Text, row => row.Key, key: true),
        Columns.Json<SettingRow>("value", row => row.Value),
        Columns.Of<SettingRow, DateTimeOffset?>("updated_at", NpgsqlDbType.TimestampTz, row => row.UpdatedAt));

    public RowTable<HashMapEntryRow, string> HashMapEntries { get; } = new(
        "legacy_api_key_hash_map",
        row => row.KeyHash,
        Columns.Of<HashMapEntryRow, string>("key_hash", NpgsqlDbType.Text, row => row.KeyHash, key: true),
        Columns.Of<HashMapEntryRow, string>("api_key_id", NpgsqlDbType.Text, row => row.ApiKeyId),
        Columns.Of<HashMapEntryRow, long>("run_id", NpgsqlDbType.Bigint, _ => runId));

    public RowTable<QuarantineRow, string> Quarantine { get; } = new(
        "legacy_quarantine",
        row => row.RedisKey,
        Columns.Of<QuarantineRow, string>("redis_key", NpgsqlDbType.Text, row => row.RedisKey, key: true),
        Columns.Of<QuarantineRow, string>("redis_type", NpgsqlDbType.Text, row => row.RedisType),
        Columns.Of<QuarantineRow, string>("reason", NpgsqlDbType.Text, row => row.Reason),
        Columns.Of<QuarantineRow, string?>("value", NpgsqlDbType.Text, row => row.Value),
        Columns.Of<QuarantineRow, long>("run_id", NpgsqlDbType.Bigint, _ => runId));

    private static bool SecretsEqual(string stored, string expected) => JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(expected));

    // When a key or account last served a request, as the API shows it: the later of its row's
    // time and its latest usage recorded in PostgreSQL, which the usage writer keeps in the
    // totals rather than rewriting the row per request. In a dual-write phase the row keeps
    // what the backfill read while the relay's field moves on with every request. The relay's
    // field holds milliseconds; PostgreSQL keeps the request's microseconds.
    private static string LastUsedShown(string totals, string idColumn) =>
        $"greatest(t.last_used_at, (SELECT date_trunc('milliseconds', u.last_used_at) FROM {totals} u WHERE u.{idColumn} = t.id))";
}
