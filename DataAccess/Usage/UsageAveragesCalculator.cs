namespace DataAccess.Usage;

// Averages over the whole days since a key was created, at least one, as the legacy
// system computes them, rounded to two decimals.
public static class UsageAveragesCalculator
{
    public static UsageAverages Since(DateTimeOffset createdAt, DateTimeOffset now, UsageCounts total)
    {
        var days = Math.Max(1, (long)Math.Ceiling((now - createdAt).TotalDays));
        var minutes = days * 1440m;
        return new UsageAverages(
            Round2(total.Requests / minutes),
            Round2(total.TotalTokens / minutes),
            Round2(total.Requests / (decimal)days),
            Round2(total.TotalTokens / (decimal)days));
    }

    private static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
