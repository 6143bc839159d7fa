namespace MigrationService.Backfill.Rows;

// Which legacy usage key a legacy_usage_buckets or legacy_usage_lifetime row was read from.
internal enum UsageKind
{
    // usage:{daily|monthly|hourly}:{keyId}:… and usage:{keyId}.
    Key,

    // usage:{keyId}:model:….
    KeyModel,

    // usage:cost:….
    KeyCost,

    // account_usage:{daily|monthly|hourly}:{accountId}:… and account_usage:{accountId}.
    Account,

    // account_usage:model:….
    AccountModel,

    // crs2:cost:account:… (cost per account, which this service keeps beside the layout).
    AccountCost,
}

internal static class UsageKinds
{
    public static string SqlName(this UsageKind kind) => kind switch
    {
        UsageKind.Key => "key",
        UsageKind.KeyModel => "key_model",
        UsageKind.KeyCost => "key_cost",
        UsageKind.Account => "account",
        UsageKind.AccountCost => "account_cost",
        _ => "account_model",
    };

    public static bool IsAccount(this UsageKind kind) => kind is UsageKind.Account or UsageKind.AccountModel or UsageKind.AccountCost;

    // Rows of a cost key: a cost and no counts.
    public static bool IsCost(this UsageKind kind) => kind is UsageKind.KeyCost or UsageKind.AccountCost;
}
