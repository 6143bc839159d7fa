using DataAccess.Postgres.Diagnostics;
using DataAccess.Redis;
using DataAccess.Storage;

namespace DataAccess.Hybrid;

internal sealed class HybridStorageStrategy(StorageStrategyRegistry registry, PostgresHealthProbe postgres, RedisHealthProbe redis, OperationRunner runner) : IStorageStrategy
{
    public StorageConfig GetStorageConfig(DataType dataType) => registry.Current(dataType);

    public Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default) =>
        runner.RunAsync(token => registry.SwitchAsync(dataType, newStrategy, token), cancellationToken);

    public Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default) =>
        StorageHealth.OfAsync(postgres.ProbeAsync(cancellationToken), redis.ProbeAsync(cancellationToken));
}
