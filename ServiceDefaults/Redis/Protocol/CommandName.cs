using System.Collections.Concurrent;
using System.Text;

namespace ServiceDefaults.Redis;

// A command name with its RESP encoding computed once, so sending a command copies the
// name's bytes instead of encoding it again.
internal sealed class CommandName
{
    private static readonly ConcurrentDictionary<string, CommandName> s_byText = new(StringComparer.OrdinalIgnoreCase);

    private CommandName(string text)
    {
        Text = text;
        Encoded = Encoding.ASCII.GetBytes($"${text.Length}\r\n{text}\r\n");
    }

    public string Text { get; }

    public byte[] Encoded { get; }

    public static CommandName Of(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return s_byText.GetOrAdd(text.ToUpperInvariant(), static upper => new CommandName(upper));
    }

    public override string ToString() => Text;

    public static readonly CommandName Auth = Of("AUTH");
    public static readonly CommandName Select = Of("SELECT");
    public static readonly CommandName Client = Of("CLIENT");
    public static readonly CommandName Ping = Of("PING");
    public static readonly CommandName Info = Of("INFO");
    public static readonly CommandName Get = Of("GET");
    public static readonly CommandName Set = Of("SET");
    public static readonly CommandName MGet = Of("MGET");
    public static readonly CommandName Incr = Of("INCR");
    public static readonly CommandName IncrBy = Of("INCRBY");
    public static readonly CommandName DecrBy = Of("DECRBY");
    public static readonly CommandName IncrByFloat = Of("INCRBYFLOAT");
    public static readonly CommandName HSet = Of("HSET");
    public static readonly CommandName HSetNx = Of("HSETNX");
    public static readonly CommandName HGet = Of("HGET");
    public static readonly CommandName HGetAll = Of("HGETALL");
    public static readonly CommandName HMGet = Of("HMGET");
    public static readonly CommandName HIncrBy = Of("HINCRBY");
    public static readonly CommandName HIncrByFloat = Of("HINCRBYFLOAT");
    public static readonly CommandName HDel = Of("HDEL");
    public static readonly CommandName HExists = Of("HEXISTS");
    public static readonly CommandName HLen = Of("HLEN");
    public static readonly CommandName Del = Of("DEL");
    public static readonly CommandName Unlink = Of("UNLINK");
    public static readonly CommandName Exists = Of("EXISTS");
    public static readonly CommandName Expire = Of("EXPIRE");
    public static readonly CommandName PExpire = Of("PEXPIRE");
    public static readonly CommandName Persist = Of("PERSIST");
    public static readonly CommandName Ttl = Of("TTL");
    public static readonly CommandName PTtl = Of("PTTL");
    public static readonly CommandName Type = Of("TYPE");
    public static readonly CommandName Scan = Of("SCAN");
    public static readonly CommandName SAdd = Of("SADD");
    public static readonly CommandName SRem = Of("SREM");
    public static readonly CommandName SMembers = Of("SMEMBERS");
    public static readonly CommandName SIsMember = Of("SISMEMBER");
    public static readonly CommandName SCard = Of("SCARD");
    public static readonly CommandName ZAdd = Of("ZADD");
    public static readonly CommandName ZRem = Of("ZREM");
    public static readonly CommandName ZCard = Of("ZCARD");
    public static readonly CommandName ZCount = Of("ZCOUNT");
    public static readonly CommandName ZScore = Of("ZSCORE");
    public static readonly CommandName ZIncrBy = Of("ZINCRBY");
    public static readonly CommandName ZRange = Of("ZRANGE");
    public static readonly CommandName ZRangeByScore = Of("ZRANGEBYSCORE");
    public static readonly CommandName ZRemRangeByScore = Of("ZREMRANGEBYSCORE");
    public static readonly CommandName XAdd = Of("XADD");
    public static readonly CommandName XLen = Of("XLEN");
    public static readonly CommandName XDel = Of("XDEL");
    public static readonly CommandName XGroup = Of("XGROUP");
    public static readonly CommandName XReadGroup = Of("XREADGROUP");
    public static readonly CommandName XAck = Of("XACK");
    public static readonly CommandName XAutoClaim = Of("XAUTOCLAIM");
    public static readonly CommandName XPending = Of("XPENDING");
    public static readonly CommandName Eval = Of("EVAL");
    public static readonly CommandName EvalSha = Of("EVALSHA");
    public static readonly CommandName Script = Of("SCRIPT");
    public static readonly CommandName Multi = Of("MULTI");
    public static readonly CommandName Exec = Of("EXEC");
    public static readonly CommandName Publish = Of("PUBLISH");
    public static readonly CommandName Subscribe = Of("SUBSCRIBE");
    public static readonly CommandName Unsubscribe = Of("UNSUBSCRIBE");
    public static readonly CommandName PSubscribe = Of("PSUBSCRIBE");
    public static readonly CommandName PUnsubscribe = Of("PUNSUBSCRIBE");
}
