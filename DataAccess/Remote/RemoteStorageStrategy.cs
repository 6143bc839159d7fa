using DataAccess.Storage;

namespace DataAccess.Remote;

// GetStorageConfig is synchronous, so it cannot wait for the DataService: it answers from a
// snapshot that StorageConfigRefresher keeps current (loaded at start-up, then reloaded every
// DataService:Client:StorageConfigRefreshInterval). A switch made through this process is
// in the snapshot at once; one made elsewhere shows within the interval. Blocking on a call
// instead would tie up a thread per caller whenever the service is slow.
internal sealed class RemoteStorageStrategy(DataServiceClient client, StorageConfigSnapshot snapshot) : IStorageStrategy
{
    public static string PathOf(DataType dataType) => $"api/v1/storage/strategies/{DataServiceJson.NameOf(dataType)}";

    public StorageConfig GetStorageConfig(DataType dataType) => snapshot.Get(dataType);

    public async Task<DataResult<StorageSwitchResult>> SwitchStorageStrategyAsync(DataType dataType, StorageConfig newStrategy, CancellationToken cancellationToken = default)
    {
        var result = await client.SendAsync<StorageSwitchResult>(DataServiceRequest.Put(PathOf(dataType), newStrategy), cancellationToken);
        if (result.Success)
        {
            snapshot.Set(dataType, result.Data!.CurrentStrategy);
        }

        return result;
    }

    // Health has no failure result: a DataService that cannot tell reports both stores as
    // not connected, with its reason.
    public async Task<StorageHealth> GetStorageHealthAsync(CancellationToken cancellationToken = default)
    {
        var result = await client.SendAsync<StorageHealth>(DataServiceRequest.Get("api/v1/storage/health"), cancellationToken);
        return result.Success
            ? result.Data!
            : new StorageHealth(
                new PostgresHealth(false, 0, new PoolStatus(0, 0, 0), result.Error),
                new RedisHealth(false, 0, new RedisMemory(0, 0), result.Error));
    }
}
