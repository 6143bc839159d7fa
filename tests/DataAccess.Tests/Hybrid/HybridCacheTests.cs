using System.Text.Json;
using System.Threading.Channels;
using DataAccess.ApiKeys;
using DataAccess.Hybrid;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DataAccess.Tests.Hybrid;

public sealed class HybridCacheTests(HybridBackendFixture fixture) : IClassFixture<HybridBackendFixture>
{
    private IApiKeyStore Keys => fixture.ApiKeys;

    private IDatabase Redis => fixture.Redis;

    [Fact]
    public async Task Validation_is_served_from_the_cache_until_the_key_changes()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "cached" })).Unwrap();
        (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        Assert.True(await Redis.KeyExistsAsync(CacheKeys.ApiKeyByHash(created.HashedKey)));

        // Changed behind the store's back: the cache still answers with what it holds.
        await fixture.QueryScalarAsync<int>("UPDATE api_keys SET name = 'renamed-behind' WHERE id = $1 RETURNING 1", created.Id);
        Assert.Equal("cached", (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Name);

        (await Keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { IsActive = false })).Unwrap();

        Assert.False(await Redis.KeyExistsAsync(CacheKeys.ApiKeyByHash(created.HashedKey)));
        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        Assert.Equal(("renamed-behind", false), (validation.Name, validation.IsActive));
    }

    [Fact]
    public async Task Changes_are_announced_so_other_processes_drop_their_copies()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "announced" })).Unwrap();
        var messages = Channel.CreateUnbounded<CacheInvalidation>();
        var subscription = await Redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(CacheInvalidator.Channel));
        subscription.OnMessage(message =>
        {
            messages.Writer.TryWrite(JsonSerializer.Deserialize<CacheInvalidation>((string)message.Message!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        });

        CacheInvalidation? mine = null;
        try
        {
            (await Keys.DeleteApiKeyAsync(created.Id)).EnsureSuccess();

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (mine is null && DateTime.UtcNow < deadline)
            {
                var next = await messages.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                mine = next.Ids.Contains(created.Id.ToString()) ? next : null;
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }

        Assert.NotNull(mine);
        Assert.Equal(DataType.ApiKey, mine.DataType);
        Assert.Contains(created.HashedKey, mine.Ids);
    }

    [Fact]
    public async Task An_unknown_hash_is_remembered_briefly()
    {
        var hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.ValidateApiKeyAsync(hash)).Code);

        var ttl = await Redis.KeyTimeToLiveAsync(CacheKeys.ApiKeyByHash(hash));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Database_first_reads_see_changes_made_behind_the_cache()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "fresh" })).Unwrap();
        var previous = fixture.Storage.GetStorageConfig(DataType.ApiKey);
        (await fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, previous with { ReadStrategy = ReadStrategy.DatabaseFirst })).Unwrap();
        try
        {
            (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
            await fixture.QueryScalarAsync<int>("UPDATE api_keys SET name = 'changed-behind' WHERE id = $1 RETURNING 1", created.Id);

            Assert.Equal("changed-behind", (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Name);
        }
        finally
        {
            (await fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, previous)).Unwrap();
        }
    }

    [Fact]
    public async Task Cache_only_reads_miss_what_is_not_cached()
    {
        var cached = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "in-cache" })).Unwrap();
        var uncached = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "not-in-cache" })).Unwrap();
        (await Keys.ValidateApiKeyAsync(cached.HashedKey)).Unwrap();
        var previous = fixture.Storage.GetStorageConfig(DataType.ApiKey);
        (await fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, previous with { ReadStrategy = ReadStrategy.CacheOnly })).Unwrap();
        try
        {
            Assert.Equal("in-cache", (await Keys.ValidateApiKeyAsync(cached.HashedKey)).Unwrap().Name);
            Assert.Equal(DatabaseErrorCode.CacheMiss, (await Keys.ValidateApiKeyAsync(uncached.HashedKey)).Code);
        }
        finally
        {
            (await fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, previous)).Unwrap();
        }
    }

    [Fact]
    public async Task Sessions_can_live_in_redis_alone()
    {
        var previous = fixture.Storage.GetStorageConfig(DataType.Session);
        (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Session, previous with
        {
            PrimaryStorage = PrimaryStorage.Redis,
            ReadStrategy = ReadStrategy.CacheOnly,
        })).Unwrap();
        try
        {
            var session = (await fixture.Sessions.CreateSessionAsync(new CreateSessionRequest
            {
                UserId = "admin",
                UserType = "admin",
                TtlSeconds = 120,
                SessionData = JsonDocument.Parse("""{"theme":"dark"}""").RootElement,
            })).Unwrap();

            Assert.Equal(0L, await fixture.QueryScalarAsync<long>("SELECT count(*) FROM sessions WHERE user_id = 'admin'"));
            var validation = (await fixture.Sessions.ValidateSessionAsync(session.SessionToken)).Unwrap();
            Assert.Equal("dark", validation.SessionData.GetProperty("theme").GetString());
            var extended = (await fixture.Sessions.UpdateSessionAsync(session.SessionToken, new SessionUpdate { ExtendTtlSeconds = 60 })).Unwrap();
            Assert.Equal(session.ExpiresAt.AddSeconds(60).ToUnixTimeMilliseconds(), extended.ExpiresAt.ToUnixTimeMilliseconds());
            Assert.InRange((await Redis.KeyTimeToLiveAsync(CacheKeys.Session(DataAccess.Security.SessionTokens.Hash(session.SessionToken))))!.Value,
                TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(180));
            (await fixture.Sessions.DeleteSessionAsync(session.SessionToken)).EnsureSuccess();
            Assert.Equal(DatabaseErrorCode.RecordNotFound, (await fixture.Sessions.ValidateSessionAsync(session.SessionToken)).Code);
        }
        finally
        {
            (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Session, previous)).Unwrap();
        }
    }

    [Fact]
    public async Task A_switch_reaches_every_process()
    {
        using var other = fixture.BuildHost();
        await other.StartAsync();
        try
        {
            var otherStrategies = other.Services.GetRequiredService<IStorageStrategy>();
            var previous = fixture.Storage.GetStorageConfig(DataType.Account);
            (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, previous with { CacheTtlSeconds = 42 })).Unwrap();
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (otherStrategies.GetStorageConfig(DataType.Account).CacheTtlSeconds != 42)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the other process did not pick up the switch");
                    await Task.Delay(20);
                }

                using var restarted = fixture.BuildHost();
                await restarted.StartAsync();
                Assert.Equal(42, restarted.Services.GetRequiredService<IStorageStrategy>().GetStorageConfig(DataType.Account).CacheTtlSeconds);
                await restarted.StopAsync();
            }
            finally
            {
                (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, previous)).Unwrap();
            }
        }
        finally
        {
            await other.StopAsync();
        }
    }
}
