namespace MigrationService.Backfill.Mapping;

// Which of the relay's read rules shows a usage hash (layout §9): key buckets and key totals
// through getUsageStats, with the 30/70 split of tokens-only data; per-model and account
// hashes without it.
internal enum UsageReadRule
{
    Key,
    Account,
}
