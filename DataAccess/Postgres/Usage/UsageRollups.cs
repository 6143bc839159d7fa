using DataAccess.Usage;

namespace DataAccess.Postgres.Usage;

// A batch of usage records summed per rollup row: per key, hour and model; per account,
// hour and model; per key; per account. Rows are sorted by primary key so concurrent
// writers lock them in the same order and cannot deadlock each other.
internal sealed class UsageRollups
{
    private UsageRollups(
        SortedDictionary<(Guid, DateTimeOffset, string), UsageAggregate> keyHourly,
        SortedDictionary<(Guid, DateTimeOffset, string), UsageAggregate> accountHourly,
        SortedDictionary<Guid, UsageAggregate> keyTotals,
        SortedDictionary<Guid, UsageAggregate> accountTotals)
    {
        KeyHourly = keyHourly;
        AccountHourly = accountHourly;
        KeyTotals = keyTotals;
        AccountTotals = accountTotals;
    }

    public SortedDictionary<(Guid Id, DateTimeOffset Hour, string Model), UsageAggregate> KeyHourly { get; }

    public SortedDictionary<(Guid Id, DateTimeOffset Hour, string Model), UsageAggregate> AccountHourly { get; }

    public SortedDictionary<Guid, UsageAggregate> KeyTotals { get; }

    public SortedDictionary<Guid, UsageAggregate> AccountTotals { get; }

    public static UsageRollups Of(IEnumerable<UsageRecord> records)
    {
        var keyHourly = new SortedDictionary<(Guid, DateTimeOffset, string), UsageAggregate>();
        var accountHourly = new SortedDictionary<(Guid, DateTimeOffset, string), UsageAggregate>();
        var keyTotals = new SortedDictionary<Guid, UsageAggregate>();
        var accountTotals = new SortedDictionary<Guid, UsageAggregate>();
        foreach (var record in records)
        {
            var hour = StartOfHour(record.Timestamp!.Value);
            Add(keyHourly, (record.ApiKeyId, hour, record.Model), record);
            Add(keyTotals, record.ApiKeyId, record);
            if (record.AccountId is { } accountId)
            {
                Add(accountHourly, (accountId, hour, record.Model), record);
                Add(accountTotals, accountId, record);
            }
        }

        return new UsageRollups(keyHourly, accountHourly, keyTotals, accountTotals);
    }

    private static void Add<TKey>(SortedDictionary<TKey, UsageAggregate> rows, TKey key, UsageRecord record)
        where TKey : notnull
    {
        if (!rows.TryGetValue(key, out var aggregate))
        {
            rows[key] = aggregate = new UsageAggregate();
        }

        aggregate.Add(record);
    }

    private static DateTimeOffset StartOfHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
