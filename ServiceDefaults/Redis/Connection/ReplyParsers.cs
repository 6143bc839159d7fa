namespace ServiceDefaults.Redis;

// The parsers shared by the typed commands. Each is a stateless singleton.
internal static class ReplyParsers
{
    public static readonly ReplyParser<RedisValue> Value = new DelegateReplyParser<RedisValue>(
        static (ref reader) => reader.ReadValue());

    public static readonly ReplyParser<string?> String = new DelegateReplyParser<string?>(
        static (ref reader) => reader.ReadString());

    public static readonly ReplyParser<long> Integer = new DelegateReplyParser<long>(
        static (ref reader) => reader.ReadInteger());

    public static readonly ReplyParser<double> Double = new DelegateReplyParser<double>(
        static (ref reader) => reader.ReadDouble());

    public static readonly ReplyParser<double?> NullableDouble = new DelegateReplyParser<double?>(
        static (ref reader) => reader.IsNull() ? ReadNil(ref reader) : reader.ReadDouble());

    // Integer replies that mean yes (1) or no (0): EXPIRE, SISMEMBER, HSETNX, ...
    public static readonly ReplyParser<bool> IntegerIsOne = new DelegateReplyParser<bool>(
        static (ref reader) => reader.ReadInteger() == 1);

    // +OK; a nil reply (SET ... NX that did not set) is false.
    public static readonly ReplyParser<bool> Ok = new DelegateReplyParser<bool>(
        static (ref reader) =>
        {
            if (reader.IsNull())
            {
                reader.Skip();
                return false;
            }

            reader.ExpectOk();
            return true;
        });

    public static readonly ReplyParser<RedisValue[]> Values = new DelegateReplyParser<RedisValue[]>(
        static (ref reader) =>
        {
            var count = reader.ReadArrayLength();
            if (count <= 0)
            {
                return [];
            }

            var values = new RedisValue[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = reader.ReadValue();
            }

            return values;
        });

    public static readonly ReplyParser<string[]> Strings = new DelegateReplyParser<string[]>(
        static (ref reader) => ReadStrings(ref reader));

    public static readonly ReplyParser<Dictionary<string, RedisValue>> Hash = new DelegateReplyParser<Dictionary<string, RedisValue>>(
        static (ref reader) => ReadHash(ref reader));

    public static readonly ReplyParser<RedisResult> Result = new DelegateReplyParser<RedisResult>(
        static (ref reader) => reader.ReadResult());

    public static readonly ReplyParser<TimeSpan?> TimeToLive = new DelegateReplyParser<TimeSpan?>(
        static (ref reader) =>
        {
            var milliseconds = reader.ReadInteger();
            return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
        });

    public static readonly ReplyParser<RedisType> Type = new DelegateReplyParser<RedisType>(
        static (ref reader) => reader.ReadString() switch
        {
            "string" => RedisType.String,
            "hash" => RedisType.Hash,
            "list" => RedisType.List,
            "set" => RedisType.Set,
            "zset" => RedisType.SortedSet,
            "stream" => RedisType.Stream,
            "none" => RedisType.None,
            _ => RedisType.Unknown,
        });

    public static string[] ReadStrings(ref RespReader reader)
    {
        var count = reader.ReadArrayLength();
        if (count <= 0)
        {
            return [];
        }

        var strings = new string[count];
        for (var i = 0; i < count; i++)
        {
            strings[i] = reader.ReadString() ?? string.Empty;
        }

        return strings;
    }

    // Field-value pairs, as HGETALL and stream entries return them.
    public static Dictionary<string, RedisValue> ReadHash(ref RespReader reader)
    {
        var count = reader.ReadArrayLength();
        var hash = new Dictionary<string, RedisValue>(Math.Max(count / 2, 0), StringComparer.Ordinal);
        for (var i = 0; i + 1 < count; i += 2)
        {
            var field = reader.ReadString() ?? string.Empty;
            hash[field] = reader.ReadValue();
        }

        return hash;
    }

    private static double? ReadNil(ref RespReader reader)
    {
        reader.Skip();
        return null;
    }
}
