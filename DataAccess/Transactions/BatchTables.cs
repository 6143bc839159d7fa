using DataAccess.Storage;

namespace DataAccess.Transactions;

// The allow-list: the tables the typed operations write, with the columns a client may set
// directly. Secrets, hashes and derived data are not on it: API keys are created only by
// createApiKey (the plain key exists nowhere else), sessions only by createSession (the
// token hash needs the token), account secrets only encrypted, and usage only by recordUsage,
// which keeps the events, their ids and the rollups in step. Those operations join an open
// transaction through the X-Transaction-Id header instead.
public static class BatchTables
{
    private static readonly HashSet<BatchOperationType> s_updateAndDelete = [BatchOperationType.Update, BatchOperationType.Delete];
    private static readonly HashSet<BatchOperationType> s_all = [BatchOperationType.Create, BatchOperationType.Update, BatchOperationType.Delete];

    public static readonly IReadOnlyDictionary<string, BatchTable> All = new Dictionary<string, BatchTable>(StringComparer.Ordinal)
    {
        ["api_keys"] = new("api_keys", DataType.ApiKey, s_updateAndDelete, new Dictionary<string, BatchColumn>(StringComparer.Ordinal)
        {
            ["id"] = new(BatchColumnType.Uuid),
            ["name"] = new(BatchColumnType.Text),
            ["description"] = new(BatchColumnType.Text),
            ["token_limit"] = new(BatchColumnType.BigInteger),
            ["concurrency_limit"] = new(BatchColumnType.Integer),
            ["rate_limit_window_minutes"] = new(BatchColumnType.Integer),
            ["rate_limit_requests"] = new(BatchColumnType.Integer),
            ["daily_cost_limit"] = new(BatchColumnType.Numeric),
            ["permissions"] = new(BatchColumnType.Text),
            ["enable_model_restriction"] = new(BatchColumnType.Boolean),
            ["restricted_models"] = new(BatchColumnType.TextArray),
            ["enable_client_restriction"] = new(BatchColumnType.Boolean),
            ["allowed_clients"] = new(BatchColumnType.TextArray),
            ["tags"] = new(BatchColumnType.TextArray),
            ["claude_account_id"] = new(BatchColumnType.Text, Nullable: true),
            ["claude_console_account_id"] = new(BatchColumnType.Text, Nullable: true),
            ["gemini_account_id"] = new(BatchColumnType.Text, Nullable: true),
            ["openai_account_id"] = new(BatchColumnType.Text, Nullable: true),
            ["bedrock_account_id"] = new(BatchColumnType.Text, Nullable: true),
            ["is_active"] = new(BatchColumnType.Boolean),
            ["created_by"] = new(BatchColumnType.Text),
            ["user_id"] = new(BatchColumnType.Text, Nullable: true),
            ["expires_at"] = new(BatchColumnType.Timestamp, Nullable: true),
        }),
        ["accounts"] = new("accounts", DataType.Account, s_all, new Dictionary<string, BatchColumn>(StringComparer.Ordinal)
        {
            ["id"] = new(BatchColumnType.Uuid),
            ["platform"] = new(BatchColumnType.Text),
            ["name"] = new(BatchColumnType.Text),
            ["description"] = new(BatchColumnType.Text),
            ["status"] = new(BatchColumnType.Text),
            ["account_type"] = new(BatchColumnType.Text),
            ["priority"] = new(BatchColumnType.Integer),
            ["schedulable"] = new(BatchColumnType.Boolean),
            ["is_active"] = new(BatchColumnType.Boolean),
            ["error_message"] = new(BatchColumnType.Text, Nullable: true),
            ["scopes"] = new(BatchColumnType.TextArray),
            ["token_expires_at"] = new(BatchColumnType.Timestamp, Nullable: true),
            ["last_used_at"] = new(BatchColumnType.Timestamp, Nullable: true),
            ["rate_limited_at"] = new(BatchColumnType.Timestamp, Nullable: true),
            ["rate_limit_reset_at"] = new(BatchColumnType.Timestamp, Nullable: true),
        }),
        ["sessions"] = new("sessions", DataType.Session, s_updateAndDelete, new Dictionary<string, BatchColumn>(StringComparer.Ordinal)
        {
            ["user_id"] = new(BatchColumnType.Text),
            ["user_type"] = new(BatchColumnType.Text),
            ["ip_address"] = new(BatchColumnType.Text, Nullable: true),
            ["user_agent"] = new(BatchColumnType.Text, Nullable: true),
            ["expires_at"] = new(BatchColumnType.Timestamp),
        }),
        ["alert_rules"] = new("alert_rules", null, s_all, new Dictionary<string, BatchColumn>(StringComparer.Ordinal)
        {
            ["id"] = new(BatchColumnType.Uuid),
            ["metric"] = new(BatchColumnType.Text),
            ["threshold"] = new(BatchColumnType.Double),
            ["operator"] = new(BatchColumnType.Text),
            ["duration_seconds"] = new(BatchColumnType.Integer),
            ["webhook"] = new(BatchColumnType.Text, Nullable: true),
        }),
    };
}
