using DataAccess.Validation;

namespace DataAccess.Usage;

// Input checks shared by every backend.
public static class UsageRules
{
    public const int MaxBatchSize = InputLimits.MaxBatchItems;
    public const int MaxModelLength = 200;
    public const int MaxRetentionDays = 3650;

    // Ranges longer than these would return more rows than any chart can show.
    private static readonly TimeSpan MaxHourRange = TimeSpan.FromDays(93);
    private static readonly TimeSpan MaxDayRange = TimeSpan.FromDays(3660);

    private static readonly HashSet<string> s_accountTypes = new(StringComparer.Ordinal) { "claude", "claude-console", "openai", "gemini", "bedrock" };

    public static void Validate(IReadOnlyList<UsageRecord> records)
    {
        if (records is not { Count: > 0 })
        {
            throw DatabaseError.Invalid("records", "must hold at least one record.");
        }

        if (records.Count > MaxBatchSize)
        {
            throw DatabaseError.Invalid("records", $"must hold at most {MaxBatchSize} records.");
        }

        for (var i = 0; i < records.Count; i++)
        {
            Validate(records[i] ?? throw DatabaseError.Invalid($"records[{i}]", "must not be null."), records.Count == 1 ? "" : $"records[{i}].");
        }
    }

    // Fills in what the caller may leave out (event id, timestamp), once, so a retried
    // write carries the same ids and counts each record once. A record repeated within the
    // batch (same event id) is the same event and is kept once.
    public static UsageRecord[] Normalize(IReadOnlyList<UsageRecord> records, DateTimeOffset now) =>
        [.. records
            .Select(record => record with
            {
                EventId = record.EventId ?? Guid.CreateVersion7(now),
                Timestamp = (record.Timestamp ?? now).ToUniversalTime(),
            })
            .DistinctBy(record => record.EventId)];

    public static void Validate(UsageStatsQuery query)
    {
        ValidateRange(query.StartDate, query.EndDate);
        var maximum = query.Granularity switch
        {
            Granularity.Hour => MaxHourRange,
            Granularity.Day => MaxDayRange,
            _ => TimeSpan.MaxValue,
        };
        if (query.EndDate - query.StartDate > maximum)
        {
            throw DatabaseError.Invalid("endDate", $"a {query.Granularity.ToString().ToLowerInvariant()} breakdown covers at most {maximum.TotalDays:0} days.");
        }

        if (query.Model is { Length: 0 or > MaxModelLength })
        {
            throw DatabaseError.Invalid("model", $"must be 1 to {MaxModelLength} characters.");
        }
    }

    public static void Validate(CostAnalysisQuery query)
    {
        ValidateRange(query.StartDate, query.EndDate);
        if (query.EndDate - query.StartDate > MaxDayRange)
        {
            throw DatabaseError.Invalid("endDate", $"a cost analysis covers at most {MaxDayRange.TotalDays:0} days.");
        }
    }

    public static void ValidateRetention(int retentionDays)
    {
        if (retentionDays is < 1 or > MaxRetentionDays)
        {
            throw DatabaseError.Invalid("retentionDays", $"must be between 1 and {MaxRetentionDays}.");
        }
    }

    private static void Validate(UsageRecord record, string prefix)
    {
        InputRules.Validate(record, prefix.TrimEnd('.'));
        if (record.ApiKeyId == Guid.Empty)
        {
            throw DatabaseError.Invalid(prefix + "apiKeyId", "is required.");
        }

        if (string.IsNullOrWhiteSpace(record.Model) || record.Model.Length > MaxModelLength)
        {
            throw DatabaseError.Invalid(prefix + "model", $"must be 1 to {MaxModelLength} characters.");
        }

        if (record.TotalTokens is { } total && total != record.PartsTotal)
        {
            throw DatabaseError.Invalid(prefix + "totalTokens",
                $"is {total}, but inputTokens + outputTokens + cacheCreateTokens + cacheReadTokens is {record.PartsTotal}; send the parts, or a total that matches them.");
        }

        if (!s_accountTypes.Contains(record.AccountType))
        {
            throw DatabaseError.Invalid(prefix + "accountType", $"must be one of {string.Join(", ", s_accountTypes)}.");
        }

        if (record.Timestamp is { } timestamp && (timestamp.Year < 2000 || timestamp > DateTimeOffset.UtcNow.AddDays(1)))
        {
            throw DatabaseError.Invalid(prefix + "timestamp", "must lie between the year 2000 and tomorrow.");
        }
    }

    private static void ValidateRange(DateTimeOffset start, DateTimeOffset end)
    {
        if (start.Year < 2000 || end.Year > 2200)
        {
            throw DatabaseError.Invalid("startDate", "dates must lie between the years 2000 and 2200.");
        }

        if (start >= end)
        {
            throw DatabaseError.Invalid("startDate", "must be before endDate.");
        }
    }
}
