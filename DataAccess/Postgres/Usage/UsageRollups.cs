using DataAccess.Usage;

namespace DataAccess.Postgres.Usage;

// A batch of usage records summed per rollup row: per key, hour and model; per account,
// hour and model; per key; per account. Rows are sorted by primary key so concurrent
// writers lock them in the same order and cannot deadlock each other.
internal sealed class UsageRollups
{
    private UsageRollups(
        SortedList<(Guid, DateTimeOffset, string), UsageAggregate> keyHourly,
        SortedList<(Guid, DateTimeOffset, string), UsageAggregate> accountHourly,
        SortedList<Guid, UsageAggregate> keyTotals,
        SortedList<Guid, UsageAggregate> accountTotals)
    {
        KeyHourly = keyHourly;
        AccountHourly = accountHourly;
        KeyTotals = keyTotals;
        AccountTotals = accountTotals;
    }

    public SortedList<(Guid Id, DateTimeOffset Hour, string Model), UsageAggregate> KeyHourly { get; }

    public SortedList<(Guid Id, DateTimeOffset Hour, string Model), UsageAggregate> AccountHourly { get; }

    public SortedList<Guid, UsageAggregate> KeyTotals { get; }

    public SortedList<Guid, UsageAggregate> AccountTotals { get; }

    public static UsageRollups Of(IEnumerable<UsageRecord> records)
    {
        var keyHourly = new Dictionary<(Guid, DateTimeOffset, string), UsageAggregate>();
        var accountHourly = new Dictionary<(Guid, DateTimeOffset, string), UsageAggregate>();
        var keyTotals = new Dictionary<Guid, UsageAggregate>();
        var accountTotals = new Dictionary<Guid, UsageAggregate>();
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

        return new UsageRollups(Sorted(keyHourly, HourlyOrder), Sorted(accountHourly, HourlyOrder), Sorted(keyTotals, Comparer<Guid>.Default), Sorted(accountTotals, Comparer<Guid>.Default));
    }

    // Summing in hash maps and sorting the few resulting rows once is much cheaper than
    // keeping every record's row sorted as it is added.
    private static SortedList<TKey, UsageAggregate> Sorted<TKey>(Dictionary<TKey, UsageAggregate> rows, IComparer<TKey> order)
        where TKey : notnull
    {
        var sorted = new SortedList<TKey, UsageAggregate>(rows.Count, order);
        foreach (var (key, value) in rows.OrderBy(row => row.Key, order))
        {
            sorted.Add(key, value);
        }

        return sorted;
    }

    private static readonly IComparer<(Guid Id, DateTimeOffset Hour, string Model)> HourlyOrder = Comparer<(Guid Id, DateTimeOffset Hour, string Model)>.Create(
        (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Hour != b.Hour ? a.Hour.CompareTo(b.Hour) : string.CompareOrdinal(a.Model, b.Model));

    private static void Add<TKey>(Dictionary<TKey, UsageAggregate> rows, TKey key, UsageRecord record)
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
