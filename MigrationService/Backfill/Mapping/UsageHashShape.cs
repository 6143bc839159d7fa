using System.Collections.Frozen;

namespace MigrationService.Backfill.Mapping;

// The counter fields one kind of legacy usage hash has (layout §5.2, §5.4). Lifetime hashes
// name them totalX, bucket hashes X; the legacy readers accept either spelling (§9), and so
// does the backfill. Hourly, account and model hashes have no ephemeral counters.
internal sealed class UsageHashShape
{
    public const int Tokens = 0;
    public const int Input = 1;
    public const int Output = 2;
    public const int CacheCreate = 3;
    public const int CacheRead = 4;
    public const int All = 5;
    public const int Requests = 6;
    public const int Ephemeral5m = 7;
    public const int Ephemeral1h = 8;
    public const int Count = 9;

    // Declared before the shapes: static fields are initialized in order.
    private static readonly string[] s_plainNames =
        ["tokens", "inputTokens", "outputTokens", "cacheCreateTokens", "cacheReadTokens", "allTokens", "requests", "ephemeral5mTokens", "ephemeral1hTokens"];

    public static readonly UsageHashShape KeyLifetime = new(lifetime: true, ephemeral: true);
    public static readonly UsageHashShape AccountLifetime = new(lifetime: true, ephemeral: false);
    public static readonly UsageHashShape DailyOrMonthly = new(lifetime: false, ephemeral: true);
    public static readonly UsageHashShape Hourly = new(lifetime: false, ephemeral: false);

    private readonly FrozenDictionary<string, Counter> _counters;

    private UsageHashShape(bool lifetime, bool ephemeral)
    {
        var counters = new Dictionary<string, Counter>(StringComparer.Ordinal);
        for (var measure = 0; measure < (ephemeral ? Count : Ephemeral5m); measure++)
        {
            var plain = s_plainNames[measure];
            var total = "total" + char.ToUpperInvariant(plain[0]) + plain[1..];
            counters[plain] = new Counter(measure, Own: !lifetime, Total: false);
            counters[total] = new Counter(measure, Own: lifetime, Total: true);
        }

        _counters = counters.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // Which measure a field counts, whether under the name this shape writes it with, and
    // whether under the total* name, which the legacy readers take first.
    public bool TryGetCounter(string field, out Counter counter) => _counters.TryGetValue(field, out counter);

    public readonly record struct Counter(int Measure, bool Own, bool Total);
}
