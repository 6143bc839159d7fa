using System.Globalization;
using DataAccess.Time;

namespace MigrationService.Backfill.Keys;

// A bucket as named at the end of a legacy usage key, and the UTC interval [Start, End) it
// covers under the offset that produced it (layout §2: a day bucket covers
// [date T00:00 − offset, +24 h)).
internal readonly record struct LegacyBucket(BucketGranularity Granularity, string Text, DateTimeOffset Start, DateTimeOffset End)
{
    private static readonly string[] s_formats = ["yyyy-MM-dd:HH", "yyyy-MM-dd", "yyyy-MM"];

    // The text must be exactly the shape the legacy code writes (zero padded, a real date).
    public static bool TryParse(ReadOnlySpan<char> text, BucketGranularity granularity, TimeBuckets buckets, out LegacyBucket bucket)
    {
        bucket = default;
        if (text.Length != granularity.BucketLength()
            || !DateTime.TryParseExact(text, s_formats[(int)granularity], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var end = granularity switch
        {
            BucketGranularity.Hour => local.AddHours(1),
            BucketGranularity.Day => local.AddDays(1),
            _ => local.AddMonths(1),
        };
        bucket = new LegacyBucket(granularity, text.ToString(), buckets.FromLocal(local), buckets.FromLocal(end));
        return true;
    }
}
