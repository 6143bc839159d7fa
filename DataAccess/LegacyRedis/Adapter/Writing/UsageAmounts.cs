namespace DataAccess.LegacyRedis.Adapter.Writing;

// What one usage write adds: the token counts after the legacy input/output rules, and
// how many requests they cover.
internal readonly record struct UsageAmounts(
    long InputTokens,
    long OutputTokens,
    long CacheCreateTokens,
    long CacheReadTokens,
    long Ephemeral5mTokens,
    long Ephemeral1hTokens,
    long Requests)
{
    // "tokens" in key-level hashes: input and output only.
    public long CoreTokens => InputTokens + OutputTokens;

    public long AllTokens => InputTokens + OutputTokens + CacheCreateTokens + CacheReadTokens;

    // incrementTokenUsage's rule (layout §5.2): a zero output falls back to the tokens
    // argument when there is no input either, so callers that only know a total record it
    // as output.
    public static UsageAmounts ForKey(long tokens, long input, long output, long cacheCreate, long cacheRead, long ephemeral5m, long ephemeral1h) =>
        new(input, output != 0 ? output : input > 0 ? 0 : tokens, cacheCreate, cacheRead, ephemeral5m, ephemeral1h, 1);
}
