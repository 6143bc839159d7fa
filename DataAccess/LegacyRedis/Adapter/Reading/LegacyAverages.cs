using DataAccess.LegacyRedis.Adapter.Models;

namespace DataAccess.LegacyRedis.Adapter.Reading;

// The averages of getUsageStats (layout §9 step 5), with JavaScript's arithmetic: whole
// days since creation (at least one; now when the creation time is unknown), doubles, and
// Math.round(x * 100) / 100.
internal static class LegacyAverages
{
    private const double MillisecondsPerDay = 86_400_000;

    public static LegacyUsageAverages Since(DateTimeOffset? createdAt, DateTimeOffset now, long requests, long tokens)
    {
        var elapsed = (now - (createdAt ?? now)).TotalMilliseconds;
        var days = Math.Max(1, Math.Ceiling(elapsed / MillisecondsPerDay));
        var minutes = days * 24 * 60;
        return new LegacyUsageAverages(Round2(requests / minutes), Round2(tokens / minutes), Round2(requests / days), Round2(tokens / days));
    }

    public static decimal Round2(double value) => (decimal)(Math.Floor(value * 100 + 0.5) / 100);
}
