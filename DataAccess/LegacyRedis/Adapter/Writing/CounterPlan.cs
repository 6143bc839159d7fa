using System.Globalization;
using DataAccess.LegacyRedis.Layout;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter.Writing;

// The counter writes of one or more usage events, collected so they run as one script:
// HINCRBY amounts and INCRBYFLOAT amounts summed per target, every EXPIRE after every
// increment (a key's TTL counts from its last write), and touches of timestamp fields in
// hashes that must already exist. A zero amount is still sent: the legacy relay creates
// such fields with "0".
internal sealed class CounterPlan
{
    private readonly List<(string Key, string Field)> _incrementOrder = [];
    private readonly Dictionary<(string Key, string Field), long> _increments = [];
    private readonly List<string> _floatOrder = [];
    private readonly Dictionary<string, decimal> _floats = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Field, string Value)> _touches = [];
    private readonly List<string> _expiryOrder = [];
    private readonly Dictionary<string, TimeSpan> _expiries = new(StringComparer.Ordinal);

    public bool IsEmpty => _incrementOrder.Count == 0 && _floatOrder.Count == 0 && _touches.Count == 0;

    public void Increment(string key, string field, long amount)
    {
        if (_increments.TryGetValue((key, field), out var sum))
        {
            _increments[(key, field)] = sum + amount;
            return;
        }

        _incrementOrder.Add((key, field));
        _increments[(key, field)] = amount;
    }

    public void IncrementFloat(string key, decimal amount)
    {
        if (_floats.TryGetValue(key, out var sum))
        {
            _floats[key] = sum + amount;
            return;
        }

        _floatOrder.Add(key);
        _floats[key] = amount;
    }

    // Sets a timestamp field of a hash that exists, unless it holds a later one already.
    public void TouchTimestamp(string key, string field, string isoTimestamp)
    {
        var existing = _touches.FindIndex(touch => touch.Key == key && touch.Field == field);
        if (existing < 0)
        {
            _touches.Add((key, field, isoTimestamp));
        }
        else if (string.CompareOrdinal(isoTimestamp, _touches[existing].Value) > 0)
        {
            _touches[existing] = (key, field, isoTimestamp);
        }
    }

    public void Expire(string key, TimeSpan ttl)
    {
        if (!_expiries.ContainsKey(key))
        {
            _expiryOrder.Add(key);
        }

        _expiries[key] = ttl;
    }

    // KEYS are the markers followed by every key written; ARGV holds the operations
    // (see CounterScript) with key numbers into KEYS.
    public (RedisKey[] Keys, RedisValue[] Arguments) Encode(IReadOnlyList<string> markers, TimeSpan markerTtl)
    {
        var keys = new List<RedisKey>();
        var keyNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var marker in markers)
        {
            keys.Add(marker);
        }

        int Number(string key)
        {
            if (!keyNumbers.TryGetValue(key, out var number))
            {
                keys.Add(key);
                number = keys.Count;
                keyNumbers[key] = number;
            }

            return number;
        }

        var operations = new List<RedisValue>();
        foreach (var target in _incrementOrder)
        {
            operations.AddRange(["h", Number(target.Key), target.Field, _increments[target]]);
        }

        foreach (var key in _floatOrder)
        {
            operations.AddRange(["f", Number(key), _floats[key].ToString(CultureInfo.InvariantCulture), ""]);
        }

        foreach (var (key, field, value) in _touches)
        {
            operations.AddRange(["t", Number(key), field, value]);
        }

        foreach (var key in _expiryOrder)
        {
            operations.AddRange(["e", Number(key), LegacyTtls.Seconds(_expiries[key]), ""]);
        }

        RedisValue[] arguments = [markers.Count, LegacyTtls.Seconds(markerTtl), operations.Count / 4, .. operations];
        return ([.. keys], arguments);
    }
}
