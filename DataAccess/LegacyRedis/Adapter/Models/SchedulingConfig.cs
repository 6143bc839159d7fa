namespace DataAccess.LegacyRedis.Adapter.Models;

// system:scheduling_config (layout §10.1).
public sealed record SchedulingConfig(string DefaultStrategy, bool EnableAccountOverride, bool EnableGroupOverride)
{
    public static readonly SchedulingConfig Default = new(SchedulingStrategies.LeastRecent, true, true);
}

// A partial change: only the fields that are set are written.
public sealed record SchedulingConfigUpdate
{
    public string? DefaultStrategy { get; init; }

    public bool? EnableAccountOverride { get; init; }

    public bool? EnableGroupOverride { get; init; }
}

public static class SchedulingStrategies
{
    public const string LeastRecent = "least_recent";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        LeastRecent, "round_robin", "least_used", "random", "weighted_random", "sequential",
    };
}
