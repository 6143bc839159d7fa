using System.Globalization;

namespace DataAccess.Postgres.Usage;

// Monthly partitions of usage_events are named usage_events_YYYY_MM (ensure_usage_partition).
internal static class UsagePartitionName
{
    private const string Prefix = "usage_events_";

    public static bool TryParseMonth(string name, out DateTimeOffset month)
    {
        month = default;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)
            || !DateTime.TryParseExact(name[Prefix.Length..], "yyyy_MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        month = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }
}
