using DataAccess.Usage;

namespace DataService.Tests.Faults;

// N usage records of one key, each with its event id, and how a gateway would send them:
// one by one through POST /api/v1/usage, through the key's POST /api/v1/apikeys/{id}/usage,
// and in batches of ten through POST /api/v1/usage/batch. Most records carry no timestamp
// (a retry is then stamped with another receipt time, the case defect 0 was about); every
// third one does. Costs are multiples of 1/4 so a float sum (the legacy layout's
// INCRBYFLOAT) is exact too.
public sealed class UsageWorkload
{
    public const string Model = "claude-sonnet-4-20250514";
    private const int BatchSize = 10;

    private UsageWorkload(Guid keyId, IReadOnlyList<UsageRecord> records, IReadOnlyList<UsageSend> sends)
    {
        KeyId = keyId;
        Records = records;
        Sends = sends;
        Expected = UsageTotals.Of(records);
    }

    public Guid KeyId { get; }

    public IReadOnlyList<UsageRecord> Records { get; }

    public IReadOnlyList<UsageSend> Sends { get; }

    public UsageTotals Expected { get; }

    public static UsageWorkload For(Guid keyId, int count)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var records = Enumerable.Range(0, count).Select(index => new UsageRecord
        {
            EventId = Guid.NewGuid(),
            ApiKeyId = keyId,
            Model = Model,
            InputTokens = 100 + (index % 97),
            OutputTokens = 20 + (index % 31),
            CacheCreateTokens = index % 5,
            CacheReadTokens = 10 * (index % 7),
            Cost = 0.25m * (1 + (index % 4)),
            RequestCount = index % 10 == 0 ? 2 : 1,
            Timestamp = index % 3 == 0 ? start.AddMilliseconds(index) : null,
        }).ToList();

        var sends = new List<UsageSend>();
        var next = 0;
        for (var turn = 0; next < records.Count; turn++)
        {
            if (turn % 4 == 0)
            {
                var batch = records.Skip(next).Take(BatchSize).ToList();
                sends.Add(new UsageSend("/api/v1/usage/batch", new { records = batch }, batch.Count));
                next += batch.Count;
            }
            else if (turn % 4 == 1)
            {
                var record = records[next++];
                sends.Add(new UsageSend($"/api/v1/apikeys/{keyId}/usage", new
                {
                    record.EventId,
                    record.Model,
                    record.InputTokens,
                    record.OutputTokens,
                    record.CacheCreateTokens,
                    record.CacheReadTokens,
                    record.Cost,
                    record.RequestCount,
                    record.Timestamp,
                }, 1));
            }
            else
            {
                sends.Add(new UsageSend("/api/v1/usage", records[next++], 1));
            }
        }

        return new UsageWorkload(keyId, records, sends);
    }
}

// One request of the workload: its path, its JSON body, how many records it carries.
public sealed record UsageSend(string Path, object Body, int Records);
