namespace Gateway.Usage;

// The usage an answer reported: input, output, cache writes (with the 5-minute and 1-hour
// split when the answer breaks them down) and cache reads.
public record struct TokenUsage(long Input, long Output, long CacheCreate, long CacheRead, long Ephemeral5m, long Ephemeral1h, bool HasCacheBreakdown)
{
    public readonly long Total => Input + Output + CacheCreate + CacheRead;
}
