namespace MigrationService.Backfill.Rows;

// The counters of one usage hash in our terms, as the relay shows them (layout §9). TotalTokens
// is what our APIs call total tokens; the relay's can differ from input + output + cache writes
// + cache reads (a split of old tokens-only data, an allTokens counter).
internal readonly record struct UsageMeasures(
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CacheCreateTokens,
    long CacheReadTokens,
    long Ephemeral5mTokens,
    long Ephemeral1hTokens,
    long TotalTokens);
