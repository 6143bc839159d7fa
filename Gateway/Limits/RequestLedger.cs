using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Gateway.Limits;

// Runs the requests' admit and end operations (LimitScripts.Ledger) against Redis, many per
// call: while one call is on its way, the operations asked for meanwhile gather and go
// together in the next. Under light load every operation goes at once, alone; under heavy
// load a call carries dozens, which spares Redis and the gateway a script run, a reply and
// a send per request. Operations run in the order they were asked for, so a request's end
// is always counted before any admission asked for after it.
public sealed class RequestLedger(IConnectionMultiplexer redis)
{
    private const int MaxOperationsPerCall = 256;

    private static readonly byte[] LedgerHash = SHA1.HashData(Encoding.UTF8.GetBytes(LimitScripts.Ledger));

    private readonly Lock _gate = new();
    private List<Operation> _waiting = [];
    private bool _sending;

    // The admit reply: {code, retry-after ms, sticky mapping, lease form}.
    public Task<RedisResult[]> AdmitAsync(RedisKey[] keys, RedisValue[] values) => Enqueue(new Operation("admit", keys, values));

    public Task EndAsync(RedisKey[] keys, RedisValue[] values) => Enqueue(new Operation("end", keys, values));

    private Task<RedisResult[]> Enqueue(Operation operation)
    {
        bool send;
        lock (_gate)
        {
            _waiting.Add(operation);
            send = !_sending;
            _sending = true;
        }

        if (send)
        {
            _ = SendWhileWaitingAsync();
        }

        return operation.Reply.Task;
    }

    private async Task SendWhileWaitingAsync()
    {
        while (true)
        {
            List<Operation> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }

                if (_waiting.Count <= MaxOperationsPerCall)
                {
                    batch = _waiting;
                    _waiting = [];
                }
                else
                {
                    batch = _waiting[..MaxOperationsPerCall];
                    _waiting.RemoveRange(0, MaxOperationsPerCall);
                }
            }

            await SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Operation> batch)
    {
        var keyOffsets = new Dictionary<RedisKey[], int>(KeyListComparer.Instance);
        var keys = new List<RedisKey>();
        var valueCount = 1 + (4 * batch.Count);
        foreach (var operation in batch)
        {
            valueCount += operation.Values.Length;
        }

        var values = new RedisValue[valueCount];
        values[0] = batch.Count;
        var nextValue = 1 + (4 * batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var operation = batch[i];
            if (!keyOffsets.TryGetValue(operation.Keys, out var keyOffset))
            {
                keyOffset = keys.Count;
                keyOffsets.Add(operation.Keys, keyOffset);
                keys.AddRange(operation.Keys);
            }

            values[1 + (4 * i)] = operation.Kind;
            values[2 + (4 * i)] = keyOffset;
            values[3 + (4 * i)] = operation.Keys.Length;
            values[4 + (4 * i)] = operation.Values.Length;
            operation.Values.CopyTo(values, nextValue);
            nextValue += operation.Values.Length;
        }

        RedisResult[] replies;
        try
        {
            replies = await EvaluateAsync([.. keys], values);
        }
        catch (Exception exception)
        {
            foreach (var operation in batch)
            {
                operation.Reply.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var reply = replies[(4 * i)..((4 * i) + 4)];
            if ((int)reply[0] < 0)
            {
                batch[i].Reply.TrySetException(new RedisServerException((string?)reply[2] ?? "The ledger script failed."));
            }
            else
            {
                batch[i].Reply.TrySetResult(reply);
            }
        }
    }

    // By hash, so the script's text is neither sent nor hashed again per call; sent once more
    // when the server has lost it (a restart, SCRIPT FLUSH).
    private async Task<RedisResult[]> EvaluateAsync(RedisKey[] keys, RedisValue[] values)
    {
        var database = redis.GetDatabase();
        try
        {
            return (RedisResult[])(await database.ScriptEvaluateAsync(LedgerHash, keys, values))!;
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return (RedisResult[])(await database.ScriptEvaluateAsync(LimitScripts.Ledger, keys, values))!;
        }
    }

    // Key lists equal element by element: the operations of one API key in one call.
    private sealed class KeyListComparer : IEqualityComparer<RedisKey[]>
    {
        public static readonly KeyListComparer Instance = new();

        public bool Equals(RedisKey[]? x, RedisKey[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(RedisKey[] keys)
        {
            var hash = new HashCode();
            foreach (var key in keys)
            {
                hash.Add(key);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class Operation(string kind, RedisKey[] keys, RedisValue[] values)
    {
        public string Kind { get; } = kind;

        public RedisKey[] Keys { get; } = keys;

        public RedisValue[] Values { get; } = values;

        // An admission is completed off the sending loop, so that the next call is not held
        // up by the requests that continue; an ending on it, since what waits for an ending
        // only notes how it went, and a thread-pool hop per request would cost more.
        public TaskCompletionSource<RedisResult[]> Reply { get; } = new(kind == "admit" ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
    }
}
