using System.Text.Json.Serialization;

namespace DataAccess.Usage;

public sealed record UsageStatsQuery
{
    public Guid? ApiKeyId { get; init; }

    public Guid? AccountId { get; init; }

    public string? Model { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    // Exclusive.
    public required DateTimeOffset EndDate { get; init; }

    public Granularity Granularity { get; init; } = Granularity.Day;

    public UsageGroupBy? GroupBy { get; init; }
}

public enum Granularity
{
    Hour,
    Day,
    Month,
}

public enum UsageGroupBy
{
    Model,
    Account,

    [JsonStringEnumMemberName("apikey")]
    ApiKey,
}
