using DataAccess.Redis;
using DataAccess.Storage;

namespace DataAccess.LegacyRedis.Stores;

// The redis backend has one store and no cache: every data type lives in the legacy Redis
// layout. There is nothing to switch.
internal sealed class LegacyRedisStorageStrategy(RedisHealthProbe legacyRedis) : IStorageStrategy
{
    private static readonly StorageConfig Fixed = new()
    {
        PrimaryStorage = PrimaryStorage.Redis,
        EnableCache = false,
        CacheTtlSeconds = 0,
        ReadStrategy = ReadStrategy.DatabaseFirst,
        WriteStrategy = WriteStrategy.WriteAround,
    };

    public StorageConfig GetStorageConfig(DataType dataType) => Fixed;

    public Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<StorageSwitchResult>.Fail(LegacyLimits.Unsupported(
            "the redis backend keeps every data type in the legacy Redis layout and has no cache to configure; run with DATABASE_TYPE=hybrid to switch strategies.")));

    public Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default) =>
        StorageHealth.OfAsync(PostgresHealth.Absent, legacyRedis.ProbeAsync(cancellationToken));
}
