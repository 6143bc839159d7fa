using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres.Diagnostics;
using DataAccess.Redis;
using DataAccess.Storage;

namespace DataAccess.Dual;

// Dual mode writes everything to both stores and reads from the one configured; there is
// no cache and nothing to switch at run time.
internal sealed class DualStorageStrategy(PostgresHealthProbe postgres, RedisHealthProbe legacyRedis, DualReadSide readSide) : IStorageStrategy
{
    public StorageConfig GetStorageConfig(DataType dataType) => new()
    {
        PrimaryStorage = readSide == DualReadSide.Redis ? PrimaryStorage.Redis : PrimaryStorage.Postgres,
        EnableCache = false,
        CacheTtlSeconds = 0,
        ReadStrategy = ReadStrategy.DatabaseFirst,
        WriteStrategy = WriteStrategy.WriteThrough,
    };

    public Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<StorageSwitchResult>.Fail(LegacyLimits.Unsupported(
            "dual mode writes to the legacy Redis layout and PostgreSQL and reads from the side Database:DualReadFrom names; change that setting to switch.")));

    public Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default) =>
        StorageHealth.OfAsync(postgres.ProbeAsync(cancellationToken), legacyRedis.ProbeAsync(cancellationToken));
}
