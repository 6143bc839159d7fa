using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using StackExchange.Redis;

namespace MigrationService.Backfill.Reading;

// Reads a page of classified keys in one pipelined batch: HGETALL, GET or SMEMBERS by the
// family's type, PTTL for families that expire. The read is the type check: a key of another
// type answers WRONGTYPE, and only those keys are asked their TYPE. A second, small batch
// follows for lookups that need a value of the first (an API key's hash-map entry, a user
// name's user).
internal sealed class PageReader(IDatabase redis)
{
    public async Task<List<LegacyValue>> ReadAsync(IEnumerable<LegacyKey> keys, CancellationToken cancellationToken)
    {
        var batch = redis.CreateBatch();
        var reads = new List<PendingRead>();
        foreach (var key in keys)
        {
            reads.Add(PendingRead.Start(batch, key));
        }

        var values = new List<LegacyValue>(reads.Count);
        if (reads.Count == 0)
        {
            return values;
        }

        batch.Execute();

        // Redis answers a connection's commands in order, so once the batch's last reply is
        // in, every other one is too: one wait for the page instead of a wait, and a hop to
        // another thread, for each reply that had not yet arrived when its turn came.
        await reads[^1].LastReply.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
        var types = wrongType.Select(value => (value, Type: batch.KeyTypeAsync(value.Key.Name))).ToList();
        var mapTargets = new List<(LegacyValue Value, Task<RedisValue> Target)>();
        var users = new List<(LegacyValue Value, Task<bool> Exists)>();
        foreach (var value in values)
        {
            if (value.Key.Family == LegacyFamily.ApiKey && value.Hash?.GetValueOrDefault("apiKey") is { IsNullOrEmpty: false } hash)
            {
                mapTargets.Add((value, batch.HashGetAsync(LegacyKeys.ApiKeyHashMap, hash)));
            }
            else if (value.Key.Family == LegacyFamily.Username && !string.IsNullOrEmpty(value.Text))
            {
                users.Add((value, batch.KeyExistsAsync($"user:{value.Text}")));
            }
        }

        if (types.Count + mapTargets.Count + users.Count == 0)
        {
            return;
        }

        batch.Execute();
        cancellationToken.ThrowIfCancellationRequested();
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
        private Task<HashEntry[]>? _hash;
        private Task<RedisValue>? _text;
        private Task<RedisValue[]>? _members;
        private Task<TimeSpan?>? _timeToLive;

        private PendingRead(LegacyValue value)
        {
            _value = value;
        }

        public bool WasWrongType { get; private set; }

        // The reply to the last command Start queued for the key.
        public Task LastReply => _timeToLive ?? (Task?)_hash ?? (Task?)_members ?? _text!;

        public static PendingRead Start(IBatch batch, LegacyKey key)
        {
            var read = new PendingRead(new LegacyValue(key));
            switch (FamilyCatalog.ExpectedType(key.Family))
            {
                case RedisType.Hash:
                    read._hash = batch.HashGetAllAsync(key.Name);
                    break;
                case RedisType.Set:
                    read._members = batch.SetMembersAsync(key.Name);
                    break;
                default:
                    read._text = batch.StringGetAsync(key.Name);
                    break;
            }

            if (FamilyCatalog.HasExpiry(key.Family))
            {
                read._timeToLive = batch.KeyTimeToLiveAsync(key.Name);
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
                        var hash = await _hash!;
                        _value.Hash = hash.Length > 0 ? hash.ToDictionary(entry => (string)entry.Name!, entry => entry.Value, StringComparer.Ordinal) : null;
                        break;
                    case RedisType.Set:
                        var members = await _members!;
                        _value.Members = members.Length > 0 ? [.. members.Select(member => (string)member!)] : null;
                        break;
                    default:
                        _value.Text = await _text!;
                        break;
                }
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
            {
                WasWrongType = true;
            }

            if (FamilyCatalog.HasExpiry(_value.Key.Family))
            {
                _value.TimeToLive = await _timeToLive!;
            }

            return _value;
        }
    }
}
