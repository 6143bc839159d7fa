namespace ServiceDefaults.Redis;

// A published message. Pattern is set when it arrived through a pattern subscription.
public sealed record RedisChannelMessage(string Channel, RedisValue Message, string? Pattern = null);
