namespace MigrationService.Backfill.Rows;

// The counters of one usage hash in our terms.
internal readonly record struct UsageMeasures(
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CacheCreateTokens,
    long CacheReadTokens,
    long Ephemeral5mTokens,
    long Ephemeral1hTokens)
{
    // What our APIs call total tokens: input, output, cache writes and cache reads.
    public long TotalTokens => InputTokens + OutputTokens + CacheCreateTokens + CacheReadTokens;
}
