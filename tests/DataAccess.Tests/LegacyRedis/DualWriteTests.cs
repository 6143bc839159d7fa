using System.Diagnostics.Metrics;
using DataAccess.ApiKeys;
using DataAccess.Diagnostics;
using DataAccess.Dual;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Tests.Contract;
using DataAccess.Tests.Schema;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.LegacyRedis;

// Dual mode when PostgreSQL fails after the legacy layout took a write: the failure is
// returned, logged and counted, a create is undone, and a retry brings both sides together.
public sealed class DualWriteTests : IClassFixture<DualRedisReadBackendFixture>, IDisposable
{
    private readonly DualRedisReadBackendFixture _fixture;
    private readonly IHost _brokenPostgres;
    private readonly RecordingLogger<DualWrites> _log = new();
    private readonly MeterListener _listener = new();
    private readonly List<string> _divergences = [];

    public DualWriteTests(DualRedisReadBackendFixture fixture)
    {
        _fixture = fixture;
        _brokenPostgres = fixture.BuildHost(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:postgres"] = $"Host=127.0.0.1;Port={RedisServerProcess.FreePort()};Username=none;Password=none;Database=none;Timeout=1",
                ["DataAccess:Retry:MaxRetries"] = "0",
            },
            configure: builder => builder.Services.AddSingleton<ILogger<DualWrites>>(_log));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == DataAccessTelemetry.DualDivergencesInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (_divergences)
            {
                _divergences.Add((string)tags.ToArray().Single(tag => tag.Key == "operation").Value!);
            }
        });
        _listener.Start();
    }

    private IApiKeyStore BrokenKeys => _brokenPostgres.Services.GetRequiredService<IApiKeyStore>();

    public void Dispose()
    {
        _listener.Dispose();
        _brokenPostgres.Dispose();
    }

    [Fact]
    public async Task A_create_postgres_refuses_is_reported_and_undone_on_the_legacy_side()
    {
        var id = Guid.NewGuid();

        var result = await BrokenKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Id = id, Name = "half" });

        Assert.False(result.Success);
        Assert.StartsWith("Written to the legacy Redis layout but not to PostgreSQL", result.Error);
        Assert.False(await _fixture.Redis.KeyExistsAsync(LegacyKeys.ApiKey(id.ToString())));
        Assert.DoesNotContain(id.ToString(), await HashMapTargetsAsync());
        Assert.Contains("apikey.create", Divergences());
        Assert.Contains(_log.Lines, line => line.Contains("apikey.create", StringComparison.Ordinal) && line.Contains("PostgreSQL failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_postgres_refuses_is_reported_and_a_retry_brings_the_sides_together()
    {
        var created = (await _fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "before" })).Unwrap();

        var failed = await BrokenKeys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { Name = "after" });
        var retried = await _fixture.ApiKeys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { Name = "after" });

        Assert.False(failed.Success);
        Assert.Contains("apikey.update", Divergences());
        Assert.Equal("after", retried.Unwrap().Name);
        Assert.Equal("after", await _fixture.QueryScalarAsync<string>("SELECT name FROM api_keys WHERE id = $1", created.Id));
    }

    [Fact]
    public async Task Usage_postgres_refused_is_recorded_once_on_each_side_when_retried()
    {
        var key = Guid.NewGuid();
        var record = new UsageRecord { EventId = Guid.NewGuid(), ApiKeyId = key, Model = "m", InputTokens = 7, Cost = 0.5m, Timestamp = _fixture.Clock.GetUtcNow() };

        var failed = await _brokenPostgres.Services.GetRequiredService<IUsageStore>().RecordUsageAsync(record);
        (await _fixture.Usage.RecordUsageAsync(record)).EnsureSuccess();

        Assert.False(failed.Success);
        Assert.Contains("usage.record", Divergences());
        Assert.Equal("7", (string?)await _fixture.Redis.HashGetAsync(LegacyKeys.KeyTotals(key.ToString()), "totalInputTokens"));
        Assert.Equal(1L, await _fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1", key));
    }

    [Fact]
    public async Task A_delete_that_failed_half_way_finishes_when_retried()
    {
        var created = (await _fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "doomed" })).Unwrap();

        var failed = await BrokenKeys.DeleteApiKeyAsync(created.Id);
        var retried = await _fixture.ApiKeys.DeleteApiKeyAsync(created.Id);
        var again = await _fixture.ApiKeys.DeleteApiKeyAsync(created.Id);

        Assert.False(failed.Success);
        Assert.True(retried.Success, retried.Error);
        Assert.True(await _fixture.QueryScalarAsync<bool>("SELECT is_deleted FROM api_keys WHERE id = $1", created.Id));
        Assert.Equal(DatabaseErrorCode.RecordNotFound, again.Code);
    }

    [Fact]
    public async Task A_key_only_the_legacy_side_has_is_updated_there_without_a_divergence()
    {
        var id = Guid.NewGuid();
        await _fixture.Redis.HashSetAsync(LegacyKeys.ApiKey(id.ToString()), new Dictionary<string, RedisValue>
        {
            ["id"] = id.ToString(),
            ["name"] = "relay-made",
            ["apiKey"] = new string('f', 64),
            ["isActive"] = "true",
            ["createdAt"] = "2025-08-18T15:59:59.999Z",
        });

        var updated = await _fixture.ApiKeys.UpdateApiKeyAsync(id, new ApiKeyUpdate { Name = "renamed" });

        Assert.Equal("renamed", updated.Unwrap().Name);
        Assert.DoesNotContain("apikey.update", Divergences());
    }

    private List<string> Divergences()
    {
        lock (_divergences)
        {
            return [.. _divergences];
        }
    }

    private async Task<List<string>> HashMapTargetsAsync() =>
        [.. (await _fixture.Redis.HashValuesAsync(LegacyKeys.ApiKeyHashMap)).Select(id => (string)id!)];
}
