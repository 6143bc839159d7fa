namespace DataAccess.LegacyRedis.Adapter.Models;

// updateClaudeAccountSchedulingFields (layout §10.1): the whitelisted scheduling fields of
// an account hash. Typed, so nothing outside the whitelist can be passed at all.
public sealed record SchedulingFieldsUpdate
{
    public string? SchedulingStrategy { get; init; }

    public int? SchedulingWeight { get; init; }

    public int? SequentialOrder { get; init; }

    public int? RoundRobinIndex { get; init; }

    public long? UsageCount { get; init; }

    public DateTimeOffset? LastScheduledAt { get; init; }

    public int? Priority { get; init; }

    public bool? Schedulable { get; init; }
}
