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

    // crs2:cost:key-model:… (cost per key and model, kept likewise).
    KeyModelCost,

    // crs2:cost:account-model:… (cost per account and model, kept likewise).
    AccountModelCost,
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
        UsageKind.KeyModelCost => "key_model_cost",
        UsageKind.AccountModelCost => "account_model_cost",
        _ => "account_model",
    };

    public static bool IsAccount(this UsageKind kind) => kind is UsageKind.Account or UsageKind.AccountModel or UsageKind.AccountCost or UsageKind.AccountModelCost;

    // Rows of a cost key: a cost and no counts.
    public static bool IsCost(this UsageKind kind) => kind is UsageKind.KeyCost or UsageKind.AccountCost or UsageKind.KeyModelCost or UsageKind.AccountModelCost;

    // Rows of one model's bucket.
    public static bool IsPerModel(this UsageKind kind) => kind is UsageKind.KeyModel or UsageKind.AccountModel or UsageKind.KeyModelCost or UsageKind.AccountModelCost;
}
