namespace MigrationService.Backfill.Residuals;

// What differs between the residuals of API keys and of accounts: tables, the measures legacy
// hashes carry (accounts have no ephemeral counters and no costs), and the kinds of raw rows.
internal sealed record ResidualShape(
    string Target,
    string TotalsTarget,
    string IdColumn,
    string Native,
    string NativeTotals,
    string LevelKind,
    string ModelKind,
    string? CostKind,
    string[] Measures,
    bool HasAccountType)
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
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "ephemeral_5m_tokens", "ephemeral_1h_tokens", "cost"],
        HasAccountType: false);

    public static readonly ResidualShape Accounts = new(
        "legacy_usage_account_model",
        "legacy_usage_totals_account",
        "account_id",
        "usage_hourly_account_model",
        "usage_totals_account",
        "account",
        "account_model",
        CostKind: null,
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens"],
        HasAccountType: true);

    // Hourly legacy hashes have no ephemeral counters: those residuals are 0 whatever native
    // usage recorded in the hour.
    public static bool IsEphemeral(string measure) => measure.StartsWith("ephemeral_", StringComparison.Ordinal);

    public string[] TokenMeasures => [.. Measures.Where(measure => measure != "cost")];
}
