using DataAccess.Storage;

namespace DataAccess.Remote;

// The DataService's storage strategies as last loaded, which GetStorageConfig answers from
// without a call. Until the first load succeeds it holds the defaults, as the hybrid
// backend's registry does when PostgreSQL is down at start-up.
internal sealed class StorageConfigSnapshot(DataServiceClient client)
{
    private readonly StorageConfig[] _configs = [.. Enum.GetValues<DataType>().Select(StorageDefaults.For)];

    public StorageConfig Get(DataType dataType) => Volatile.Read(ref _configs[(int)dataType]);

    public void Set(DataType dataType, StorageConfig config) => Volatile.Write(ref _configs[(int)dataType], config);

    // Stops at the first failure, keeping what it had for the rest. A value loaded while a
    // switch through this process was under way may predate it; it is dropped, not written
    // over the switch, and the next reload brings the current one.
    public async Task<DataResult> ReloadAsync(CancellationToken cancellationToken)
    {
        foreach (var dataType in Enum.GetValues<DataType>())
        {
            var before = Get(dataType);
            var loaded = await client.SendAsync<StorageConfig>(DataServiceRequest.Get(RemoteStorageStrategy.PathOf(dataType)), cancellationToken);
            if (!loaded.Success)
            {
                return new DataResult { Error = loaded.Error, Code = loaded.Code, Field = loaded.Field };
            }

            Interlocked.CompareExchange(ref _configs[(int)dataType], loaded.Data!, before);
        }

        return DataResult.Ok();
    }
}
