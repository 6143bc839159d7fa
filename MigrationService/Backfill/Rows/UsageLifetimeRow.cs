namespace MigrationService.Backfill.Rows;

// A row of legacy_usage_lifetime: usage:{keyId} (Key), usage:cost:total:{keyId} (KeyCost) or
// account_usage:{accountId} (Account) as read.
internal readonly record struct UsageLifetimeRow(Guid OwnerId, UsageKind Kind, UsageMeasures Measures, decimal Cost, string? Raw, string Source);
