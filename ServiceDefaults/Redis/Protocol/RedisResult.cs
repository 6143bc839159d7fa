using System.Globalization;

namespace ServiceDefaults.Redis;

// A reply of any shape, for raw commands and scripts: a value, an integer, an error or a
// (possibly nested) array.
public sealed class RedisResult
{
    private readonly RedisValue _value;
    private readonly RedisResult[]? _items;
    private readonly string? _error;

    private RedisResult(RespType type, RedisValue value, RedisResult[]? items, string? error)
    {
        Type = type;
        _value = value;
        _items = items;
        _error = error;
    }

    public static RedisResult NullArray { get; } = new(RespType.Array, RedisValue.Null, null, null);

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Array ? _items is null : _value.IsNull && _error is null;

    public bool IsError => _error is not null;

    public string? ErrorMessage => _error;

    public RedisValue Value => Type == RespType.Array
        ? throw new InvalidCastException("The reply is an array, not a single value.")
        : _value;

    public IReadOnlyList<RedisResult> Items => _items ?? throw new InvalidCastException(
        IsError ? $"The reply is an error: {_error}" : "The reply is not an array.");

    public RedisResult this[int index] => Items[index];

    internal static RedisResult Create(RedisValue value, RespType type) => new(type, value, null, null);

    internal static RedisResult Create(RedisResult[] items) => new(RespType.Array, RedisValue.Null, items, null);

    internal static RedisResult CreateError(string message) => new(RespType.Error, RedisValue.Null, null, message);

    public static explicit operator string?(RedisResult result) => (string?)result.Value;

    public static explicit operator long(RedisResult result) => (long)result.Value;

    public static explicit operator double(RedisResult result) => (double)result.Value;

    public static explicit operator byte[]?(RedisResult result) => (byte[]?)result.Value;

    public override string ToString() => Type switch
    {
        RespType.Error => $"(error) {_error}",
        RespType.Array when _items is null => "(nil)",
        RespType.Array => "[" + string.Join(", ", _items!.Select(item => item.ToString())) + "]",
        RespType.Integer => ((long)_value).ToString(CultureInfo.InvariantCulture),
        _ => _value.IsNull ? "(nil)" : _value.ToString(),
    };
}
