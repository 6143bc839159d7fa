namespace MigrationService.Backfill.Mapping;

// The counter fields one kind of legacy usage hash has (layout §5.2, §5.4). Lifetime hashes
// name them totalX, bucket hashes X; the legacy readers accept either spelling (§9), and so
// does the backfill. Hourly, account and model hashes have no ephemeral counters.
internal sealed class UsageHashShape
{
    public static readonly UsageHashShape KeyLifetime = new(lifetime: true, ephemeral: true);
    public static readonly UsageHashShape AccountLifetime = new(lifetime: true, ephemeral: false);
    public static readonly UsageHashShape DailyOrMonthly = new(lifetime: false, ephemeral: true);
    public static readonly UsageHashShape Hourly = new(lifetime: false, ephemeral: false);

    private readonly FieldNames[] _counters;

    private UsageHashShape(bool lifetime, bool ephemeral)
    {
        HasEphemeral = ephemeral;
        Tokens = Names("tokens", "totalTokens", lifetime);
        Input = Names("inputTokens", "totalInputTokens", lifetime);
        Output = Names("outputTokens", "totalOutputTokens", lifetime);
        CacheCreate = Names("cacheCreateTokens", "totalCacheCreateTokens", lifetime);
        CacheRead = Names("cacheReadTokens", "totalCacheReadTokens", lifetime);
        All = Names("allTokens", "totalAllTokens", lifetime);
        Requests = Names("requests", "totalRequests", lifetime);
        Ephemeral5m = Names("ephemeral5mTokens", "totalEphemeral5mTokens", lifetime);
        Ephemeral1h = Names("ephemeral1hTokens", "totalEphemeral1hTokens", lifetime);
        _counters = ephemeral
            ? [Tokens, Input, Output, CacheCreate, CacheRead, All, Requests, Ephemeral5m, Ephemeral1h]
            : [Tokens, Input, Output, CacheCreate, CacheRead, All, Requests];
    }

    public bool HasEphemeral { get; }

    public FieldNames Tokens { get; }

    public FieldNames Input { get; }

    public FieldNames Output { get; }

    public FieldNames CacheCreate { get; }

    public FieldNames CacheRead { get; }

    public FieldNames All { get; }

    public FieldNames Requests { get; }

    public FieldNames Ephemeral5m { get; }

    public FieldNames Ephemeral1h { get; }

    public bool IsCounter(string field) => Array.Exists(_counters, names => names.Has(field));

    // Whether the field is a counter under the name this shape writes it with.
    public bool IsOwnCounter(string field) => Array.Exists(_counters, names => names.Primary == field);

    private static FieldNames Names(string plain, string total, bool lifetime) => lifetime ? new(total, plain) : new(plain, total);

    // The name the shape writes, and the other spelling readers fall back to.
    public readonly record struct FieldNames(string Primary, string Alternate)
    {
        public bool Has(string field) => field == Primary || field == Alternate;
    }
}
