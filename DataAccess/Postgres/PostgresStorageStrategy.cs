using DataAccess.Postgres.Diagnostics;
using DataAccess.Storage;

namespace DataAccess.Postgres;

// The postgres backend has no cache: every data type lives in PostgreSQL, read and written
// directly. Switching strategies needs the hybrid backend.
internal sealed class PostgresStorageStrategy(PostgresHealthProbe postgres) : IStorageStrategy
{
    private static readonly StorageConfig Fixed = new()
    {
        EnableCache = false,
        CacheTtlSeconds = 0,
        ReadStrategy = ReadStrategy.DatabaseFirst,
        WriteStrategy = WriteStrategy.WriteAround,
    };

    public StorageConfig GetStorageConfig(DataType dataType) => Fixed;

    public Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<StorageSwitchResult>.Fail(DatabaseError.Invalid(
            "dataType", "the postgres backend has no cache to configure; run with DATABASE_TYPE=hybrid to switch strategies.")));

    public Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default) =>
        StorageHealth.OfAsync(postgres.ProbeAsync(cancellationToken), RedisHealth.Absent);
}
