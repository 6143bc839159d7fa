using DataAccess.Time;

namespace MigrationService.Backfill.Keys;

// A bucket as named at the end of a legacy usage key, and the UTC interval [Start, End) it
// covers under the offset that produced it (layout §2: a day bucket covers
// [date T00:00 − offset, +24 h)).
internal readonly record struct LegacyBucket(BucketGranularity Granularity, string Text, DateTimeOffset Start, DateTimeOffset End)
{
    // The text must be exactly the shape the legacy code writes: yyyy-MM-dd:HH, yyyy-MM-dd or
    // yyyy-MM, zero padded, a real date. Read by position: every usage key has one.
    public static bool TryParse(ReadOnlySpan<char> text, BucketGranularity granularity, TimeBuckets buckets, out LegacyBucket bucket)
    {
        bucket = default;
        if (text.Length != granularity.BucketLength()
            || !TryDigits(text[..4], out var year) || year < 1 || text[4] != '-' || !TryDigits(text[5..7], out var month) || month is < 1 or > 12)
        {
            return false;
        }

        var day = 1;
        var hour = 0;
        if (granularity != BucketGranularity.Month
            && (text[7] != '-' || !TryDigits(text[8..10], out day) || day < 1 || day > DateTime.DaysInMonth(year, month)))
        {
            return false;
        }

        if (granularity == BucketGranularity.Hour && (text[10] != ':' || !TryDigits(text[11..13], out hour) || hour > 23))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified);
        var end = granularity switch
        {
            BucketGranularity.Hour => local.AddHours(1),
            BucketGranularity.Day => local.AddDays(1),
            _ => local.AddMonths(1),
        };
        bucket = new LegacyBucket(granularity, text.ToString(), buckets.FromLocal(local), buckets.FromLocal(end));
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var digit in text)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
