namespace MigrationService.Backfill.Residuals;

// What differs between the residuals of API keys and of accounts: tables, the measures legacy
// hashes carry (accounts have no ephemeral counters, and their costs come from this service's
// own cost keys, crs2:cost:account:…), the kinds of raw rows (costs per model from this
// service's crs2:cost:key-model:… and crs2:cost:account-model:…), whether the relay's per-model
// view shows what a bucket holds beyond its models (under "unknown" for keys; not at all for
// accounts), and whether a bucket has a cost only where one was recorded (accounts: the relay
// keeps none; this service keeps the cost of what it recorded).
internal sealed record ResidualShape(
    string Target,
    string TotalsTarget,
    string IdColumn,
    string Native,
    string NativeTotals,
    string LevelKind,
    string ModelKind,
    string CostKind,
    string ModelCostKind,
    string[] Measures,
    bool HasAccountType,
    bool ShowsUnattributed,
    bool CostWhereRecorded)
{
    public static readonly ResidualShape Keys = new(
        "legacy_usage_key_model",
        "legacy_usage_totals_key",
        "api_key_id",
        "usage_hourly_key_model",
        "usage_totals_key",
        "key",
        "key_model",
        "key_cost",
        "key_model_cost",
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "ephemeral_5m_tokens", "ephemeral_1h_tokens", "total_tokens", "cost"],
        HasAccountType: false,
        ShowsUnattributed: true,
        CostWhereRecorded: false);

    public static readonly ResidualShape Accounts = new(
        "legacy_usage_account_model",
        "legacy_usage_totals_account",
        "account_id",
        "usage_hourly_account_model",
        "usage_totals_account",
        "account",
        "account_model",
        "account_cost",
        "account_model_cost",
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "total_tokens", "cost"],
        HasAccountType: true,
        ShowsUnattributed: false,
        CostWhereRecorded: true);

    // Hourly legacy hashes have no ephemeral counters: those residuals are 0 whatever native
    // usage recorded in the hour.
    public static bool IsEphemeral(string measure) => measure.StartsWith("ephemeral_", StringComparison.Ordinal);

    public string[] TokenMeasures => [.. Measures.Where(measure => measure != "cost")];

    // Native rows have no total_tokens column: their total is the sum of the four counts.
    public static string NativeColumn(string alias, string measure) =>
        measure == "total_tokens"
            ? $"({alias}.input_tokens + {alias}.output_tokens + {alias}.cache_create_tokens + {alias}.cache_read_tokens)"
            : $"{alias}.{measure}";
}
