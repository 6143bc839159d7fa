using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using ServiceDefaults.Redis;

namespace MigrationService.Backfill.Reading;

// Reads a page of classified keys in one pipelined batch: HGETALL, GET or SMEMBERS by the
// family's type, PTTL for families that expire. The read is the type check: a key of another
// type answers WRONGTYPE, and only those keys are asked their TYPE. A second, small batch
// follows for lookups that need a value of the first (an API key's hash-map entry, a user
// name's user).
internal sealed class PageReader(RedisClient redis)
{
    public async Task<List<LegacyValue>> ReadAsync(IEnumerable<LegacyKey> keys, CancellationToken cancellationToken)
    {
        var batch = redis.CreateBatch();
        var reads = new List<PendingRead>();
        foreach (var key in keys)
        {
            reads.Add(PendingRead.Start(batch, key, cancellationToken));
        }

        var values = new List<LegacyValue>(reads.Count);
        if (reads.Count == 0)
        {
            return values;
        }

        await batch.ExecuteAsync(cancellationToken);
        var wrongType = new List<LegacyValue>();
        foreach (var read in reads)
        {
            var value = await read.CompleteAsync();
            values.Add(value);
            if (read.WasWrongType)
            {
                wrongType.Add(value);
            }
        }

        await LookUpAsync(values, wrongType, cancellationToken);
        return values;
    }

    private async Task LookUpAsync(List<LegacyValue> values, List<LegacyValue> wrongType, CancellationToken cancellationToken)
    {
        var batch = redis.CreateBatch();
        var types = wrongType.Select(value => (value, Type: batch.TypeAsync(value.Key.Name, cancellationToken))).ToList();
        var mapTargets = new List<(LegacyValue Value, ValueTask<RedisValue> Target)>();
        var users = new List<(LegacyValue Value, ValueTask<bool> Exists)>();
        foreach (var value in values)
        {
            if (value.Key.Family == LegacyFamily.ApiKey && value.Hash?.GetValueOrDefault("apiKey") is { Length: > 0 } hash)
            {
                mapTargets.Add((value, batch.HashGetAsync(LegacyKeys.ApiKeyHashMap, (string)hash!, cancellationToken)));
            }
            else if (value.Key.Family == LegacyFamily.Username && !string.IsNullOrEmpty(value.Text))
            {
                users.Add((value, batch.ExistsAsync($"user:{value.Text}", cancellationToken)));
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        await batch.ExecuteAsync(cancellationToken);
        foreach (var (value, type) in types)
        {
            value.ActualType = await type;
        }

        foreach (var (value, target) in mapTargets)
        {
            value.HashMapTarget = await target;
        }

        foreach (var (value, exists) in users)
        {
            value.TargetUserExists = await exists;
        }
    }

    // One key's commands in the batch and their replies.
    private sealed class PendingRead
    {
        private readonly LegacyValue _value;
        private ValueTask<Dictionary<string, RedisValue>> _hash;
        private ValueTask<RedisValue> _text;
        private ValueTask<RedisValue[]> _members;
        private ValueTask<TimeSpan?> _timeToLive;

        private PendingRead(LegacyValue value)
        {
            _value = value;
        }

        public bool WasWrongType { get; private set; }

        public static PendingRead Start(RedisBatch batch, LegacyKey key, CancellationToken cancellationToken)
        {
            var read = new PendingRead(new LegacyValue(key));
            switch (FamilyCatalog.ExpectedType(key.Family))
            {
                case RedisType.Hash:
                    read._hash = batch.HashGetAllAsync(key.Name, cancellationToken);
                    break;
                case RedisType.Set:
                    read._members = batch.SetMembersAsync(key.Name, cancellationToken);
                    break;
                default:
                    read._text = batch.GetAsync(key.Name, cancellationToken);
                    break;
            }

            if (FamilyCatalog.HasExpiry(key.Family))
            {
                read._timeToLive = batch.TimeToLiveAsync(key.Name, cancellationToken);
            }

            return read;
        }

        public async Task<LegacyValue> CompleteAsync()
        {
            try
            {
                switch (FamilyCatalog.ExpectedType(_value.Key.Family))
                {
                    case RedisType.Hash:
                        var hash = await _hash;
                        _value.Hash = hash.Count > 0 ? hash : null;
                        break;
                    case RedisType.Set:
                        var members = await _members;
                        _value.Members = members.Length > 0 ? [.. members.Select(member => (string)member!)] : null;
                        break;
                    default:
                        _value.Text = await _text;
                        break;
                }
            }
            catch (RedisServerException exception) when (exception.Prefix == "WRONGTYPE")
            {
                WasWrongType = true;
            }

            if (FamilyCatalog.HasExpiry(_value.Key.Family))
            {
                _value.TimeToLive = await _timeToLive;
            }

            return _value;
        }
    }
}
