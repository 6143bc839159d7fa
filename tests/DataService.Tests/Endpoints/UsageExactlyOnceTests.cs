using DataService.Tests.Support;
using TestSupport;

namespace DataService.Tests.Endpoints;

// A client that lost the answer sends the same event again, with the same event id and, like
// the first time, no timestamp: counted once, through both usage endpoints, on every backend.
public abstract class UsageExactlyOnceTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : DataServiceFactory
{
    [Fact]
    public async Task An_event_sent_again_without_a_timestamp_is_counted_once()
    {
        var key = (await factory.Admin().PostApiAsync("/api/v1/apikeys", new { name = "exactly-once" })).Data.GetProperty("id").GetString();
        var keyEvent = Guid.NewGuid();
        var usageEvent = Guid.NewGuid();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var sent = await factory.Gateway().PostApiAsync($"/api/v1/apikeys/{key}/usage", new { eventId = keyEvent, model = "claude-sonnet-4", inputTokens = 10, cost = 0.5 });
            Assert.True(sent.Success, sent.Error);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var sent = await factory.Gateway().PostApiAsync("/api/v1/usage", new { eventId = usageEvent, apiKeyId = key, model = "claude-sonnet-4", inputTokens = 100, cost = 0.25 });
            Assert.True(sent.Success, sent.Error);
        }

        // Write-behind lands later: wait for both events, then make sure nothing more comes.
        var summary = await ApiKeyEndpointTests.PollAsync(
            () => factory.Gateway().GetApiAsync($"/api/v1/apikeys/{key}/usage/summary"),
            response => response.Data.GetProperty("total").GetProperty("requests").GetInt64() >= 2);
        await Task.Delay(500);
        summary = await factory.Gateway().GetApiAsync($"/api/v1/apikeys/{key}/usage/summary");
        var total = summary.Data.GetProperty("total");
        Assert.Equal(2, total.GetProperty("requests").GetInt64());
        Assert.Equal(110, total.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0.75m, total.GetProperty("cost").GetDecimal());
    }
}

public sealed class PostgresUsageExactlyOnceTests(PostgresBackendService factory) : UsageExactlyOnceTests<PostgresBackendService>(factory);

public sealed class HybridUsageExactlyOnceTests(DataServiceFactory factory) : UsageExactlyOnceTests<DataServiceFactory>(factory);

public sealed class DualUsageExactlyOnceTests(DualBackendService factory) : UsageExactlyOnceTests<DualBackendService>(factory);

public sealed class RedisUsageExactlyOnceTests(RedisBackendService factory) : UsageExactlyOnceTests<RedisBackendService>(factory);

public sealed class PostgresBackendService : DataServiceFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Database:Type"] = "postgres" };
}

public sealed class DualBackendService : DataServiceFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Database:Type"] = "dual" };
}

// The redis backend (the legacy layout alone, no PostgreSQL) on a redis-server of its own:
// the layout's counters are relay-wide keys other tests must not see.
public sealed class RedisBackendService : DataServiceFactory
{
    private RedisServerProcess? _redis;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Database:Type"] = "redis",
        ["ConnectionStrings:legacy-redis"] = _redis!.Endpoint,
        ["ConnectionStrings:redis"] = null,
        ["ConnectionStrings:postgres"] = null,
    };

    public override async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis!.DisposeAsync();
    }
}
