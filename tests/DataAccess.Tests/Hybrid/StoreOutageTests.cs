using DataAccess.ApiKeys;
using DataAccess.Tests.Contract;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TestSupport;

namespace DataAccess.Tests.Hybrid;

// One store down at a time: the other keeps the service answering, and nothing is lost.
public sealed class StoreOutageTests(HybridBackendFixture fixture) : IClassFixture<HybridBackendFixture>
{
    [Fact]
    public async Task Cached_keys_validate_while_PostgreSQL_is_unreachable()
    {
        var created = (await fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "survivor" })).Unwrap();
        (await fixture.ApiKeys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

        using var cut = fixture.BuildHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = $"Host=127.0.0.1;Port={RedisServerProcess.FreePort()};Username=nobody;Password=x;Database=none;Timeout=2",
        });
        await cut.StartAsync();
        try
        {
            var keys = cut.Services.GetRequiredService<IApiKeyStore>();

            Assert.Equal("survivor", (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Name);
            var uncached = await keys.GetApiKeyAsync(Guid.NewGuid());
            Assert.Equal(DatabaseErrorCode.ConnectionFailed, uncached.Code);
        }
        finally
        {
            await cut.StopAsync();
        }
    }

    [Fact]
    public async Task Reads_and_usage_go_on_without_Redis_and_nothing_is_lost()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        using var host = fixture.BuildHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Endpoint + ",syncTimeout=1000",
            ["DataAccess:UsageStream:StreamKey"] = "outage:usage",
        });
        await host.StartAsync();
        try
        {
            var keys = host.Services.GetRequiredService<IApiKeyStore>();
            var usage = host.Services.GetRequiredService<IUsageStore>();
            var created = (await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "no-cache" })).Unwrap();
            (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

            await redis.StopAsync();

            Assert.Equal("no-cache", (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Name);
            (await usage.RecordUsageAsync(new UsageRecord { ApiKeyId = created.Id, Model = "m", InputTokens = 9 })).EnsureSuccess();
            Assert.Equal(9L, (await usage.GetKeyUsageSummaryAsync(created.Id)).Unwrap().Total.InputTokens);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
