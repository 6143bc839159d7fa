using DataAccess.Usage;

namespace DataAccess.Postgres.Usage;

// Sums of a set of usage records, one per rollup row they add to.
internal sealed class UsageAggregate
{
    public long Requests;
    public long InputTokens;
    public long OutputTokens;
    public long CacheCreateTokens;
    public long CacheReadTokens;
    public long Ephemeral5mTokens;
    public long Ephemeral1hTokens;
    public decimal Cost;
    public DateTimeOffset FirstAt = DateTimeOffset.MaxValue;
    public DateTimeOffset LastAt = DateTimeOffset.MinValue;
    public string AccountType = "";

    // Checked: sums beyond what a bigint holds fail the write (OverflowException) instead of
    // wrapping around into a wrong count.
    public void Add(UsageRecord record)
    {
        checked
        {
            Requests += record.RequestCount;
            InputTokens += record.InputTokens;
            OutputTokens += record.OutputTokens;
            CacheCreateTokens += record.CacheCreateTokens;
            CacheReadTokens += record.CacheReadTokens;
            Ephemeral5mTokens += record.Ephemeral5mTokens;
            Ephemeral1hTokens += record.Ephemeral1hTokens;
        }

        Cost += record.Cost;
        var at = record.Timestamp!.Value;
        FirstAt = at < FirstAt ? at : FirstAt;
        LastAt = at > LastAt ? at : LastAt;
        AccountType = record.AccountType;
    }
}
