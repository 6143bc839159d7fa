using DataAccess.Storage;

namespace DataAccess.Tests.Contract;

public abstract class StorageStrategyContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    protected TFixture Fixture { get; } = fixture;

    [Fact]
    public async Task Health_reports_both_stores_with_latency_and_the_pool()
    {
        await Fixture.ApiKeys.GetAllApiKeysAsync(new DataAccess.ApiKeys.ApiKeyQuery());

        var health = await Fixture.Storage.GetStorageHealthAsync();

        if (!Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.False(health.Postgres.Connected);
            Assert.True(health.Redis.Connected);
            return;
        }

        Assert.True(health.Postgres.Connected);
        Assert.True(health.Postgres.Latency > 0);
        Assert.True(health.Postgres.PoolStatus.Total >= 1);
        Assert.InRange(health.Postgres.PoolStatus.Idle, 0, health.Postgres.PoolStatus.Total);
        Assert.Equal(0, health.Postgres.PoolStatus.Waiting);
    }
}

public sealed class PostgresStorageStrategyTests(PostgresBackendFixture fixture) : StorageStrategyContract<PostgresBackendFixture>(fixture)
{
    [Fact]
    public async Task The_postgres_backend_has_one_fixed_strategy_and_no_cache()
    {
        var config = Fixture.Storage.GetStorageConfig(DataType.ApiKey);
        var health = await Fixture.Storage.GetStorageHealthAsync();

        Assert.False(config.EnableCache);
        Assert.Equal(ReadStrategy.DatabaseFirst, config.ReadStrategy);
        var refused = await Fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, new StorageConfig());
        Assert.Equal(DatabaseErrorCode.InvalidQuery, refused.Code);
        Assert.Contains("hybrid", refused.Error);
        Assert.False(health.Redis.Connected);
    }
}

public sealed class HybridStorageStrategyTests(HybridBackendFixture fixture) : StorageStrategyContract<HybridBackendFixture>(fixture)
{
    [Fact]
    public void The_defaults_cache_entities_and_write_usage_behind()
    {
        Assert.Equal(StorageDefaults.For(DataType.ApiKey), Fixture.Storage.GetStorageConfig(DataType.ApiKey));
        Assert.Equal(WriteStrategy.WriteBehind, StorageDefaults.For(DataType.Usage).WriteStrategy);
        Assert.Equal(ReadStrategy.CacheFirst, StorageDefaults.For(DataType.Session).ReadStrategy);
    }

    [Fact]
    public async Task A_switch_returns_the_previous_strategy_and_survives_a_restart()
    {
        var previous = Fixture.Storage.GetStorageConfig(DataType.Account);
        var changed = previous with { CacheTtlSeconds = 17, ReadStrategy = ReadStrategy.DatabaseFirst };
        try
        {
            var result = (await Fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, changed)).Unwrap();

            Assert.Equal(previous, result.PreviousStrategy);
            Assert.Equal(changed, Fixture.Storage.GetStorageConfig(DataType.Account));
            var stored = await Fixture.QueryScalarAsync<string>("SELECT config::text FROM storage_strategies WHERE data_type = 'account'");
            Assert.Contains("\"cacheTTL\": 17", stored);
            Assert.Contains("database_first", stored);
        }
        finally
        {
            (await Fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, previous)).Unwrap();
        }
    }

    [Theory]
    [InlineData(DataType.ApiKey, "primaryStorage")]
    [InlineData(DataType.Account, "writeStrategy")]
    [InlineData(DataType.Usage, "readStrategy")]
    [InlineData(DataType.Session, "cacheTTL")]
    [InlineData(DataType.ApiKey, "enableCache")]
    public async Task Strategies_that_could_lose_data_or_make_no_sense_are_refused(DataType dataType, string field)
    {
        var config = field switch
        {
            "primaryStorage" => new StorageConfig { PrimaryStorage = PrimaryStorage.Redis, ReadStrategy = ReadStrategy.CacheOnly },
            "writeStrategy" => new StorageConfig { WriteStrategy = WriteStrategy.WriteBehind },
            "readStrategy" => new StorageConfig { ReadStrategy = ReadStrategy.CacheFirst, WriteStrategy = WriteStrategy.WriteBehind },
            "cacheTTL" => new StorageConfig { CacheTtlSeconds = 0 },
            _ => new StorageConfig { EnableCache = false, ReadStrategy = ReadStrategy.CacheFirst },
        };
        var before = Fixture.Storage.GetStorageConfig(dataType);

        var result = await Fixture.Storage.SwitchStorageStrategyAsync(dataType, config);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
        Assert.Equal(before, Fixture.Storage.GetStorageConfig(dataType));
    }

    [Fact]
    public async Task Health_reports_redis_memory()
    {
        var health = await Fixture.Storage.GetStorageHealthAsync();

        Assert.True(health.Redis.Connected);
        Assert.True(health.Redis.Latency > 0);
        Assert.True(health.Redis.Memory.Used > 0);
    }
}
