using System.Text.Json;
using DataAccess.Hybrid;
using DataAccess.Storage;
using Gateway.Accounts;
using Gateway.Authentication;
using StackExchange.Redis;

namespace Gateway;

// Keeps this process's copies current: a key changed anywhere (the DataService publishes on
// the cache invalidation channel) leaves the key cache at once, an account change rereads
// the account list and drops the account's token, and a rest announced by another gateway
// applies here too.
public sealed partial class ChangeListener(
    IConnectionMultiplexer redis,
    ApiKeyCache keys,
    AccountPool accounts,
    AccessTokens tokens,
    AccountHealth health,
    ILogger<ChangeListener> logger) : IHostedService
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(CacheInvalidator.Channel), (_, message) => OnInvalidation(message!));
        await subscriber.SubscribeAsync(RedisChannel.Literal(AccountHealth.Channel), (_, message) => health.Apply(message!));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(RedisChannel.Literal(CacheInvalidator.Channel));
        await subscriber.UnsubscribeAsync(RedisChannel.Literal(AccountHealth.Channel));
    }

    private void OnInvalidation(string message)
    {
        CacheInvalidation? invalidation;
        try
        {
            invalidation = JsonSerializer.Deserialize<CacheInvalidation>(message, s_json);
        }
        catch (JsonException exception)
        {
            LogUnreadable(exception);
            return;
        }

        switch (invalidation?.DataType)
        {
            case DataType.ApiKey when invalidation.All:
                keys.Clear();
                break;
            case DataType.ApiKey:
                // Ids are key ids and key hashes; the cache is keyed by hash.
                foreach (var id in invalidation.Ids)
                {
                    keys.Remove(id);
                }

                break;
            case DataType.Account:
                foreach (var id in invalidation.Ids)
                {
                    if (Guid.TryParse(id, out var accountId))
                    {
                        tokens.Forget(accountId);
                    }
                }

                accounts.RequestRefresh();
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A cache invalidation message could not be read.")]
    private partial void LogUnreadable(Exception exception);
}
