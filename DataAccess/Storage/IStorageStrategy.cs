namespace DataAccess.Storage;

// Where each kind of data lives and how it is cached (seed 003 StorageStrategyInterface).
// A switch takes effect at once, in every process, and survives restarts.
public interface IStorageStrategy
{
    StorageConfig GetStorageConfig(DataType dataType);

    Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default);

    Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default);
}

public sealed record StorageSwitchResult(StorageConfig PreviousStrategy, StorageConfig CurrentStrategy);
