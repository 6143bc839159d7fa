using System.Globalization;

namespace DataAccess.Time;

// Days, hours and months as the legacy system counts them: in a fixed whole-hour offset
// from UTC (TIMEZONE_OFFSET). A day bucket "2025-08-19" with offset +8 is the UTC interval
// [2025-08-18T16:00Z, 2025-08-19T16:00Z).
public sealed class TimeBuckets(int offsetHours)
{
    private readonly TimeSpan _offset = TimeSpan.FromHours(offsetHours);

    public int OffsetHours { get; } = offsetHours;

    public string Date(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Hour(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd:HH", CultureInfo.InvariantCulture);

    public string Month(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public DateTimeOffset StartOfHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    public DateTimeOffset StartOfDay(DateTimeOffset instant) => FromLocal(Local(instant).Date);

    public DateTimeOffset StartOfMonth(DateTimeOffset instant)
    {
        var local = Local(instant);
        return FromLocal(new DateTime(local.Year, local.Month, 1));
    }

    // The UTC instant at which a local calendar time (in the offset) begins.
    public DateTimeOffset FromLocal(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - _offset, TimeSpan.Zero);

    public DateTime Local(DateTimeOffset instant) => instant.UtcDateTime + _offset;

    // The legacy rule: TIMEZONE_OFFSET is read with parseInt(...) || 8, so a missing, zero or
    // unparsable value means +8, and fractions are cut off.
    public static int ParseLegacyOffset(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 8;
        }

        var text = value.Trim();
        var length = 0;
        if (length < text.Length && text[length] is '-' or '+')
        {
            length++;
        }

        while (length < text.Length && char.IsAsciiDigit(text[length]))
        {
            length++;
        }

        return int.TryParse(text.AsSpan(0, length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var hours) && hours != 0
            ? hours
            : 8;
    }
}
